using static TorchSharp.torch;

namespace Workbench.Training.Models;

/// <summary>A cache that starts from keys and values computed elsewhere, e.g. the shared prefix of an edited prompt.</summary>
public sealed partial class KeyValueCache
{
    /// <summary>
    /// A cache whose first P slots already hold <paramref name="keys"/> and <paramref name="values"/> (per layer (B, nkv, P, hs),
    /// rotated for their positions), as if one step had fed them, with <paramref name="room"/> slots for later steps.
    /// <paramref name="real"/> (B, P) bool marks the real slots; a row's real slots must be its last ones (a shorter prefix
    /// left-padded), so that slot distance stays position distance for the tokens that follow, as sliding windows need.
    /// </summary>
    public static KeyValueCache Seeded(IReadOnlyList<Tensor> keys, IReadOnlyList<Tensor> values, Tensor real, long room)
    {
        if (keys.Count != values.Count || keys.Count == 0) throw new ArgumentException("Expected keys and values for every layer.", nameof(keys));
        ArgumentOutOfRangeException.ThrowIfLessThan(room, 1);
        var (B, P) = (real.shape[0], real.shape[1]);
        var cache = new KeyValueCache(keys.Count, B, P + room, keys[0].device);
        if (P == 0) return cache;
        using var scope = NewDisposeScope();
        var isReal = real.to(ScalarType.Bool, cache.Device);
        cache._real.narrow(1, 0, P).copy_(isReal);
        cache._bias.narrow(1, 0, P).masked_fill_(isReal.logical_not(), double.NegativeInfinity);
        cache._seen.copy_(isReal.to(ScalarType.Int64).sum(1));
        cache._everyRowStarted = cache._seen.min().item<long>() > 0;
        for (var l = 0; l < keys.Count; l++) cache._layers[l].Seed(keys[l], values[l]);
        cache.Length = P;
        return cache;
    }
}
