using static TorchSharp.torch;

namespace Workbench.Training.Models;

/// <summary>One layer's share of a <see cref="KeyValueCache"/>: key and value buffers (B, nkv, capacity, hs), allocated at the first step.</summary>
public sealed class LayerKeyValueCache : IDisposable
{
    private readonly KeyValueCache _owner;
    private Tensor? _keys;
    private Tensor? _values;

    internal LayerKeyValueCache(KeyValueCache owner) => _owner = owner;

    /// <summary>The step's additive mask, (B, 1, T, Length + T).</summary>
    public Tensor Mask => _owner.Mask;

    /// <summary>
    /// Writes the step's keys and values k, v: (B, nkv, T, hs) into their slots and returns views of every slot so far,
    /// (B, nkv, Length + T, hs) each. The caller disposes the views.
    /// </summary>
    public (Tensor Keys, Tensor Values) Append(Tensor k, Tensor v)
    {
        var (B, nkv, T, hs) = (k.shape[0], k.shape[1], k.shape[2], k.shape[3]);
        if (T != _owner.StepLength) throw new InvalidOperationException($"The step feeds {_owner.StepLength} tokens; got keys for {T}.");
        // The buffers live as long as the cache, not as the dispose scope of the step that allocates them.
        _keys ??= zeros([B, nkv, _owner.Capacity, hs], dtype: k.dtype, device: k.device).DetachFromDisposeScope();
        _values ??= zeros([B, nkv, _owner.Capacity, hs], dtype: v.dtype, device: v.device).DetachFromDisposeScope();
        using (var slotK = _keys.narrow(2, _owner.Length, T)) slotK.copy_(k);
        using (var slotV = _values.narrow(2, _owner.Length, T)) slotV.copy_(v);
        var L = _owner.Length + T;
        return (_keys.narrow(2, 0, L), _values.narrow(2, 0, L));
    }

    /// <summary>Views of the filled slots' keys and values, (B, nkv, Length, hs) each; null before the first step. The caller disposes them.</summary>
    public (Tensor Keys, Tensor Values)? Filled() =>
        _keys is null || _values is null ? null : (_keys.narrow(2, 0, _owner.Length), _values.narrow(2, 0, _owner.Length));

    // Writes keys and values (B, nkv, P, hs) into the first P slots of a fresh cache (KeyValueCache.Seeded).
    internal void Seed(Tensor keys, Tensor values)
    {
        var (B, nkv, P, hs) = (keys.shape[0], keys.shape[1], keys.shape[2], keys.shape[3]);
        _keys ??= zeros([B, nkv, _owner.Capacity, hs], dtype: keys.dtype, device: keys.device).DetachFromDisposeScope();
        _values ??= zeros([B, nkv, _owner.Capacity, hs], dtype: values.dtype, device: values.device).DetachFromDisposeScope();
        using (var slotK = _keys.narrow(2, 0, P)) slotK.copy_(keys);
        using (var slotV = _values.narrow(2, 0, P)) slotV.copy_(values);
    }

    public void Dispose()
    {
        _keys?.Dispose();
        _values?.Dispose();
        _keys = null;
        _values = null;
    }
}
