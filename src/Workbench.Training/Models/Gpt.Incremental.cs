using static TorchSharp.torch;

namespace Workbench.Training.Models;

/// <summary>Incremental decoding: the same blocks, attending to a <see cref="KeyValueCache"/>, with each row's own positions.</summary>
public sealed partial class Gpt : IIncrementalDecoder
{
    /// <inheritdoc />
    public KeyValueCache NewCache(long batch, long capacity, Device? device = null) => new(Config.Layers, batch, capacity, device);

    // idx, real: (B, T) -> logits (B, T, V)
    /// <inheritdoc />
    public Tensor ForwardCached(Tensor idx, Tensor real, KeyValueCache cache)
    {
        cache.Begin(real);
        try
        {
            for (var i = 0; i < h.Count; i++) h[i].Attention.Cache = cache.Layer(i);
            using var positions = cache.Positions.clamp_max(Config.Context - 1);                // (B, T): a finished row's padding may run past the context
            using var tok_emb = Embed(idx);                                                     // (B, T, C)
            using var pos_emb = wpe.call(positions);                                            // (B, T, C)
            var x = tok_emb + pos_emb;                                                          // (B, T, C)
            foreach (var block in h)
            {
                var next = block.call(x);                                                       // (B, T, C)
                x.Dispose();
                x = next;
            }
            using var last = x;
            using var normed = ln_f.call(x);                                                    // (B, T, C)
            return lm_head.call(normed);                                                        // (B, T, V)
        }
        finally
        {
            foreach (var block in h) block.Attention.Cache = null;
            cache.End();
        }
    }
}
