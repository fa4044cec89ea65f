using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace Workbench.Training.Models.Llama;

/// <summary>
/// A Llama-family decoder with its language-model head (Hugging Face's <c>LlamaForCausalLM</c>, <c>Qwen2ForCausalLM</c>,
/// <c>Qwen3ForCausalLM</c>, <c>MistralForCausalLM</c>, <c>Phi3ForCausalLM</c>, <c>Gemma2ForCausalLM</c>,
/// <c>Gemma3ForCausalLM</c>): RMSNorm, rotary positions, grouped-query attention and a gated MLP, with each family's
/// departures switched on by its <see cref="DecoderFamily"/>. Field names give the Hugging Face state-dict keys
/// ("model.layers.0.self_attn.q_proj.weight", "lm_head.weight"), so a checkpoint's tensors load by name. Computes in
/// fp32 whatever dtype the weights were stored in. Gemma 2 soft-caps the logits: z ↦ cap·tanh(z / cap).
/// </summary>
/// <remarks>
/// With <see cref="LlamaConfig.TieWordEmbeddings"/> there is no <c>lm_head</c>: the logits are h·Eᵀ with the token
/// embedding E itself, so the state dict has no "lm_head.weight" (as in a saved tied checkpoint) and both uses
/// of E add to its gradient.
/// </remarks>
public sealed partial class LlamaForCausalLM : Module<Tensor, Tensor>, ICausalLanguageModel, ISplitHead
{
    private readonly LlamaModel model;
    private readonly Linear? lm_head;    // (C -> V), no bias; null when tied to model.embed_tokens

    /// <summary>Builds a freshly initialised model (Hugging Face's <c>_init_weights</c>: N(0, 0.02) matrices, zero biases, unit norms).</summary>
    /// <param name="config">The architecture; validated first.</param>
    /// <param name="generator">Random source for the initial weights; the global generator when null.</param>
    public LlamaForCausalLM(LlamaConfig config, Generator? generator = null) : this(config, initialize: true, generator)
    {
    }

    private LlamaForCausalLM(LlamaConfig config, bool initialize, Generator? generator) : base(nameof(LlamaForCausalLM))
    {
        config.Validate();
        Config = config;
        model = new LlamaModel(config);
        lm_head = config.TieWordEmbeddings ? null : Linear(config.HiddenSize, config.VocabSize, hasBias: false);
        RegisterComponents();
        if (initialize) InitWeights(generator);
    }

    /// <summary>A model whose weights are about to be overwritten by a checkpoint: skips the N(0, 0.02) pass.</summary>
    internal static LlamaForCausalLM CreateForLoading(LlamaConfig config) => new(config, initialize: false, generator: null);

    public LlamaConfig Config { get; }

    public int VocabSize => Config.VocabSize;
    public int LayerCount => Config.NumHiddenLayers;
    public int ContextLength => Config.MaxPositionEmbeddings;

    public long ParameterCount() => parameters().Sum(p => p.numel());

    // idx: (B, T) int64 -> logits (B, T, V)
    public override Tensor forward(Tensor idx)
    {
        using var inputs_embeds = Embed(idx);        // (B, T, C)
        return ForwardFromEmbeddings(inputs_embeds);
    }

    /// <summary>Token embeddings of <paramref name="idx"/> (B, T) -> (B, T, C); positions enter later, as rotations.</summary>
    public Tensor Embed(Tensor idx)
    {
        if (idx.dim() != 2) throw new ArgumentException($"Token ids must be (B, T); got {idx.dim()} dimensions.");
        return model.EmbedTokens.call(idx);
    }

    /// <inheritdoc />
    public Tensor ForwardFromEmbeddings(Tensor tokenEmbeddings)
    {
        CheckEmbeddings(tokenEmbeddings);
        using var h = model.call(tokenEmbeddings);                                      // (B, T, C)
        return Head(h);                                                                 // (B, T, V)
    }

    /// <inheritdoc />
    public Tensor ForwardHidden(Tensor idx)
    {
        using var inputs_embeds = Embed(idx);                                          // (B, T, C)
        CheckEmbeddings(inputs_embeds);
        return model.call(inputs_embeds);                                              // (B, T, C)
    }

    /// <inheritdoc />
    public IReadOnlyList<Parameter> HeadParameters => [lm_head?.weight ?? model.EmbedTokens.weight!];

    /// <inheritdoc />
    public AttentionCapture ForwardWithAttention(Tensor idx) =>
        AttentionCapture.Run(() => call(idx), Probes);

    /// <inheritdoc />
    public FeatureCapture ForwardWithFeatures(Tensor idx, FeatureRequest request) =>
        FeatureCapture.Run(hidden =>
        {
            using var inputs_embeds = Embed(idx);                                       // (B, T, C)
            CheckEmbeddings(inputs_embeds);
            using var h = model.Run(inputs_embeds, hidden);                             // (B, T, C)
            return Head(h);                                                             // (B, T, V)
        }, Probes, request).WithPacking(Packing);

    /// <inheritdoc />
    public ModelShape Shape => Config.Shape;

    private IAttentionProbe[] Probes => [.. model.Attentions.Cast<IAttentionProbe>()];

    /// <inheritdoc />
    public Tensor Head(Tensor h)
    {
        var logits = lm_head is null ? linear(h, model.EmbedTokens.weight!) : lm_head.call(h);     // (B, T, V)
        if (Config.FinalLogitSoftcapping is not { } cap) return logits;
        using (logits) return ExplicitAttention.SoftCap(logits, cap);
    }

    private void CheckEmbeddings(Tensor tokenEmbeddings)
    {
        var (T, C) = (tokenEmbeddings.shape[1], tokenEmbeddings.shape[2]);
        if (T > Config.MaxPositionEmbeddings) throw new ArgumentException($"Cannot forward a sequence of length {T}: max_position_embeddings is {Config.MaxPositionEmbeddings}.");
        if (C != Config.HiddenSize) throw new ArgumentException($"Embeddings have width {C}; the model expects {Config.HiddenSize}.");
    }

    private void InitWeights(Generator? generator)
    {
        // Tensor.normal_, not nn.init.normal_: TorchSharp 0.107's init.normal_ ignores its generator argument.
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        foreach (var (name, p) in named_parameters())
        {
            if (name.EndsWith(".bias", StringComparison.Ordinal)) p.zero_();
            else if (name.EndsWith("norm.weight", StringComparison.Ordinal)) p.fill_(Config.Family.UnitOffsetNorms ? 0 : 1);   // a unit scale either way
            else p.normal_(0, 0.02, generator);
        }
    }
}
