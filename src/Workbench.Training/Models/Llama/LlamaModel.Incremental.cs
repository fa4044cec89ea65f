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
        var (cosFlat, sinFlat) = _rotary.Compute(flat);                                             // (B·T, hs) each
        using var _c = cosFlat;
        using var _s = sinFlat;
        using var cos = cosFlat.view(B, 1, T, -1);                                                  // (B, 1, T, hs): broadcasts over heads
        using var sin = sinFlat.view(B, 1, T, -1);
        var i = 0;
        foreach (var layer in layers) layer.Attention.Cache = cache.Layer(i++);
        try
        {
            var x = inputs_embeds.alias();
            foreach (var layer in layers)
            {
                var next = layer.call(x, cos, sin);                                                 // (B, T, C)
                x.Dispose();
                x = next;
            }
            using var last = x;
            return norm.call(x);
        }
        finally
        {
            foreach (var layer in layers) layer.Attention.Cache = null;
        }
    }
}
