using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Workbench.Training.Models.Llama;

/// <summary>
/// The decoder stack without its head (Hugging Face's <c>LlamaModel</c>): token embeddings, layers and a final RMSNorm.
/// Gemma multiplies the embeddings by √C first, and Gemma 3 turns its sliding-window layers with a RoPE base of their own.
/// </summary>
public sealed partial class LlamaModel : Module<Tensor, Tensor>
{
    private readonly Embedding embed_tokens;            // (V, C)
    private readonly ModuleList<LlamaDecoderLayer> layers;
    private readonly RmsNorm norm;
    private readonly RotaryEmbedding _rotary;           // no tensors: not part of the state dict
    private readonly RotaryEmbedding? _localRotary;     // Gemma 3's sliding layers (rope_local_base_freq, unscaled)
    private readonly bool[] _local;                     // per layer: turned by _localRotary
    private readonly float? _normalizer;                // √C for Gemma, rounded to fp32 as transformers does

    public LlamaModel(LlamaConfig config) : base(nameof(LlamaModel))
    {
        var family = config.Family;
        embed_tokens = Embedding(config.VocabSize, config.HiddenSize);
        layers = new ModuleList<LlamaDecoderLayer>([.. Enumerable.Range(0, config.NumHiddenLayers).Select(i => new LlamaDecoderLayer(config, i))]);
        norm = new RmsNorm(config.HiddenSize, config.RmsNormEps, family.UnitOffsetNorms);
        _rotary = new RotaryEmbedding(config);
        if (config.RopeLocalBaseFreq is { } localBase) _localRotary = new RotaryEmbedding(config.HeadSize, localBase, scaling: null);
        _local = [.. Enumerable.Range(0, config.NumHiddenLayers).Select(i => _localRotary is not null && config.IsSlidingLayer(i))];
        _normalizer = family.ScaledEmbeddings ? (float)Math.Sqrt(config.HiddenSize) : null;
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
        var (cos, sin) = Packing is { } packed ? PackedRotation(_rotary, packed) : _rotary.Compute(positions);   // (T, hs) each, shared by the layers; (B, 1, T, hs) packed
        var (localCos, localSin) = _localRotary is null ? (cos.alias(), sin.alias())                // Gemma 3's sliding layers
            : Packing is { } packedLocal ? PackedRotation(_localRotary, packedLocal) : _localRotary.Compute(positions);
        using var scaled = _normalizer is { } normalizer ? inputs_embeds.mul(normalizer) : null;    // Gemma: E·√C
        try
        {
            var first = scaled ?? inputs_embeds;
            var x = first;
            for (var i = 0; i < layers.Count; i++)
            {
                hidden?.Add(x.alias());
                var next = _local[i] ? layers[i].call(x, localCos, localSin) : layers[i].call(x, cos, sin);    // (B, T, C)
                if (!ReferenceEquals(x, first)) x.Dispose();
                x = next;
            }
            using var last = x;                                                                     // at least one layer, so never the input
            var normed = norm.call(x);
            hidden?.Add(normed.alias());
            return normed;
        }
        finally
        {
            cos.Dispose();
            sin.Dispose();
            localCos.Dispose();
            localSin.Dispose();
        }
    }
}
