using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Workbench.Training.Models.Llama;

/// <summary>The decoder stack without its head (Hugging Face's <c>LlamaModel</c>): token embeddings, layers and a final RMSNorm.</summary>
public sealed partial class LlamaModel : Module<Tensor, Tensor>
{
    private readonly Embedding embed_tokens;            // (V, C)
    private readonly ModuleList<LlamaDecoderLayer> layers;
    private readonly RmsNorm norm;
    private readonly RotaryEmbedding _rotary;           // no tensors: not part of the state dict

    public LlamaModel(LlamaConfig config) : base(nameof(LlamaModel))
    {
        embed_tokens = Embedding(config.VocabSize, config.HiddenSize);
        layers = new ModuleList<LlamaDecoderLayer>([.. Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new LlamaDecoderLayer(config))]);
        norm = new RmsNorm(config.HiddenSize, config.RmsNormEps);
        _rotary = new RotaryEmbedding(config);
        RegisterComponents();
    }

    internal Embedding EmbedTokens => embed_tokens;
    internal IEnumerable<LlamaAttention> Attentions => layers.Select(layer => layer.Attention);

    // inputs_embeds: (B, T, C) -> normed hidden states (B, T, C)
    public override Tensor forward(Tensor inputs_embeds) => Run(inputs_embeds, hidden: null);

    /// <summary>
    /// <see cref="forward"/>, appending the input of every layer and the normed output (Hugging Face's
    /// <c>hidden_states</c>, Layers + 1 tensors) to <paramref name="hidden"/> when it is not null.
    /// </summary>
    internal Tensor Run(Tensor inputs_embeds, List<Tensor>? hidden)
    {
        var T = inputs_embeds.shape[1];
        using var positions = arange(T, dtype: ScalarType.Int64, device: inputs_embeds.device);    // (T)
        var (cos, sin) = _rotary.Compute(positions);                                                // (T, hs) each, shared by all layers
        try
        {
            var x = inputs_embeds;
            foreach (var layer in layers)
            {
                hidden?.Add(x.alias());
                var next = layer.call(x, cos, sin);                                                 // (B, T, C)
                if (!ReferenceEquals(x, inputs_embeds)) x.Dispose();
                x = next;
            }
            using var last = x;                                                                     // at least one layer, so never inputs_embeds
            var normed = norm.call(x);
            hidden?.Add(normed.alias());
            return normed;
        }
        finally
        {
            cos.Dispose();
            sin.Dispose();
        }
    }
}
