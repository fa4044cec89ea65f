using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Workbench.Training.Models;

/// <summary>
/// A small GPT-style decoder (nanoGPT's <c>GPT</c>): token + position embeddings, pre-LayerNorm blocks, a final
/// LayerNorm and a linear head to vocabulary logits.
/// </summary>
/// <remarks>
/// The head is <b>untied</b> from <c>wte</c>. Tying saves V·C parameters, which is little at our vocabulary
/// (~270 words), while an untied head keeps every state-dict entry a distinct tensor: safetensors refuses
/// shared storage, loading needs no re-tying, and gradients w.r.t. the input embeddings (LeaF saliency)
/// do not mix with the head's.
/// </remarks>
public sealed partial class Gpt : Module<Tensor, Tensor>, ICausalLanguageModel, ISplitHead
{
    private readonly Embedding wte;             // token embeddings (V, C)
    private readonly Embedding wpe;             // position embeddings (Context, C)
    private readonly Dropout drop;
    private readonly ModuleList<Block> h;
    private readonly LayerNorm ln_f;
    private readonly Linear lm_head;            // (C -> V), no bias, untied (see remarks)

    /// <summary>Builds a freshly initialised model (GPT-2 init, as nanoGPT's <c>_init_weights</c>).</summary>
    /// <param name="config">The architecture; validated first.</param>
    /// <param name="generator">Random source for the initial weights; the global generator when null.</param>
    public Gpt(GptConfig config, Generator? generator = null) : base(nameof(Gpt))
    {
        config.Validate();
        Config = config;
        wte = Embedding(config.VocabSize, config.Width);
        wpe = Embedding(config.Context, config.Width);
        drop = Dropout(config.Dropout);
        h = new ModuleList<Block>([.. Enumerable.Range(0, config.Layers).Select(_ => new Block(config))]);
        ln_f = LayerNorm(config.Width);
        lm_head = Linear(config.Width, config.VocabSize, hasBias: false);
        RegisterComponents();
        InitWeights(generator);
    }

    public GptConfig Config { get; }

    public int VocabSize => Config.VocabSize;
    public int LayerCount => Config.Layers;
    public int ContextLength => Config.Context;

    /// <summary>Number of parameters (all of them, including the position embeddings).</summary>
    public long ParameterCount() => parameters().Sum(p => p.numel());

    // idx: (B, T) int64 -> logits (B, T, V)
    public override Tensor forward(Tensor idx)
    {
        using var tok_emb = Embed(idx);                 // (B, T, C)
        return ForwardFromEmbeddings(tok_emb);
    }

    /// <summary>Token embeddings of <paramref name="idx"/> (B, T) -> (B, T, C), without positions.</summary>
    public Tensor Embed(Tensor idx)
    {
        if (idx.dim() != 2) throw new ArgumentException($"Token ids must be (B, T); got {idx.dim()} dimensions.");
        return wte.call(idx);
    }

    /// <summary>
    /// Runs the model from token embeddings (B, T, C) -> logits (B, T, V), so a caller can take gradients
    /// w.r.t. the embeddings. <c>forward(idx)</c> equals <c>ForwardFromEmbeddings(Embed(idx))</c>.
    /// </summary>
    public Tensor ForwardFromEmbeddings(Tensor tokenEmbeddings) => Run(tokenEmbeddings, hidden: null);

    /// <inheritdoc />
    public Tensor ForwardHidden(Tensor idx)
    {
        using var tok_emb = Embed(idx);                                                         // (B, T, C)
        return Trunk(tok_emb, hidden: null);                                                    // (B, T, C)
    }

    /// <inheritdoc />
    public Tensor Head(Tensor hidden) => lm_head.call(hidden);                                 // (..., V)

    /// <inheritdoc />
    public IReadOnlyList<Parameter> HeadParameters => [lm_head.weight!];

    /// <inheritdoc />
    public AttentionCapture ForwardWithAttention(Tensor idx) =>
        AttentionCapture.Run(() => call(idx), Probes);

    /// <inheritdoc />
    public FeatureCapture ForwardWithFeatures(Tensor idx, FeatureRequest request) =>
        FeatureCapture.Run(hidden =>
        {
            using var tok_emb = Embed(idx);                                                     // (B, T, C)
            return Run(tok_emb, hidden);
        }, Probes, request).WithPacking(Packing);

    /// <inheritdoc />
    public ModelShape Shape => Config.Shape;

    private IAttentionProbe[] Probes => [.. h.Select(block => (IAttentionProbe)block.Attention)];

    // tokenEmbeddings: (B, T, C) -> logits (B, T, V); appends Layers + 1 hidden states to hidden when it is not null
    private Tensor Run(Tensor tokenEmbeddings, List<Tensor>? hidden)
    {
        using var normed = Trunk(tokenEmbeddings, hidden);                                      // (B, T, C)
        return lm_head.call(normed);                                                            // (B, T, V)
    }

    // tokenEmbeddings: (B, T, C) -> the blocks' output after ln_f (B, T, C)
    private Tensor Trunk(Tensor tokenEmbeddings, List<Tensor>? hidden)
    {
        var (B, T, C) = (tokenEmbeddings.shape[0], tokenEmbeddings.shape[1], tokenEmbeddings.shape[2]);
        if (T > Config.Context) throw new ArgumentException($"Cannot forward a sequence of length {T}: the context is only {Config.Context}.");
        if (C != Config.Width) throw new ArgumentException($"Embeddings have width {C}; the model expects {Config.Width}.");

        using var pos = Packing?.Positions.alias() ?? arange(T, dtype: ScalarType.Int64, device: tokenEmbeddings.device);   // (T), or (B, T) packed
        using var pos_emb = wpe.call(pos);                                                      // (T, C), or (B, T, C) packed
        using var sum = tokenEmbeddings + pos_emb;                                              // (B, T, C)
        var x = drop.call(sum);
        for (var i = 0; i < h.Count; i++)
        {
            hidden?.Add(x.alias());                                                             // input of block i + 1
            var next = h[i].call(x);                                                            // (B, T, C)
            if (!ReferenceEquals(x, sum)) x.Dispose();
            x = next;
        }
        using var last = x;
        var normed = ln_f.call(x);                                                              // (B, T, C)
        hidden?.Add(normed.alias());                                                            // the last hidden state is taken after ln_f (as Hugging Face does)
        return normed;
    }

    private void InitWeights(Generator? generator)
    {
        // GPT-2: N(0, 0.02) for every matrix, zero biases; the residual projections get 0.02/sqrt(2·n_layer)
        // so the residual stream's variance does not grow with depth. Tensor.normal_, not nn.init.normal_:
        // TorchSharp 0.107's init.normal_ ignores its generator argument. The scope frees the wrappers that
        // the in-place calls return.
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        foreach (var (name, p) in named_parameters())
        {
            if (name.EndsWith(".bias", StringComparison.Ordinal)) p.zero_();
            else if (name.StartsWith("ln_", StringComparison.Ordinal) || name.Contains(".ln_", StringComparison.Ordinal)) continue;
            else if (name.EndsWith("c_proj.weight", StringComparison.Ordinal)) p.normal_(0, 0.02 / Math.Sqrt(2 * Config.Layers), generator);
            else p.normal_(0, 0.02, generator);
        }
    }
}
