using static TorchSharp.torch;

namespace Workbench.Training.Models.Llama;

/// <summary>Incremental decoding: the same layers, attending to a <see cref="KeyValueCache"/>, each row rotated by its own positions.</summary>
public sealed partial class LlamaModel
{
    // inputs_embeds: (B, T, C) -> normed hidden states (B, T, C); cache.Begin has been called
    internal Tensor RunCached(Tensor inputs_embeds, KeyValueCache cache)
    {
        var (B, T) = (inputs_embeds.shape[0], inputs_embeds.shape[1]);
        using var flat = cache.Positions.flatten();                                                 // (B·T)
        var (cos, sin) = PerRow(_rotary, flat, B, T);                                               // (B, 1, T, hs): broadcasts over heads
        var (localCos, localSin) = _localRotary is null ? (cos.alias(), sin.alias()) : PerRow(_localRotary, flat, B, T);
        using var scaled = _normalizer is { } normalizer ? inputs_embeds.mul(normalizer) : null;    // Gemma: E·√C
        var i = 0;
        foreach (var layer in layers) layer.Attention.Cache = cache.Layer(i++);
        try
        {
            var x = (scaled ?? inputs_embeds).alias();
            for (var l = 0; l < layers.Count; l++)
            {
                var next = _local[l] ? layers[l].call(x, localCos, localSin) : layers[l].call(x, cos, sin);   // (B, T, C)
                x.Dispose();
                x = next;
            }
            using var last = x;
            return norm.call(x);
        }
        finally
        {
            cos.Dispose();
            sin.Dispose();
            localCos.Dispose();
            localSin.Dispose();
            foreach (var layer in layers) layer.Attention.Cache = null;
        }
    }

    // positions: (B·T) -> cos, sin (B, 1, T, hs)
    private static (Tensor Cos, Tensor Sin) PerRow(RotaryEmbedding rotary, Tensor positions, long B, long T)
    {
        var (cosFlat, sinFlat) = rotary.Compute(positions);                                         // (B·T, hs) each
        using (cosFlat)
        using (sinFlat)
            return (cosFlat.view(B, 1, T, -1), sinFlat.view(B, 1, T, -1));
    }
}
