using static TorchSharp.torch;

namespace Workbench.Training.Models;

/// <summary>
/// The keys and values every layer has computed so far, for incremental decoding: a step feeds only the new tokens
/// (B, T) and attends to the cached ones. Rows may hold different numbers of real tokens (left padding, or finished
/// rows fed padding): each slot is marked real or not, a row's positions count only its real tokens, and a query
/// attends to the earlier real slots of its row and to itself (so a padding query still has one key, and no NaN).
/// </summary>
public sealed partial class KeyValueCache : IDisposable
{
    private readonly LayerKeyValueCache[] _layers;
    private readonly Tensor _real;     // (B, capacity) bool: slot holds a real token
    private readonly Tensor _seen;     // (B) int64: real tokens so far in each row
    private readonly Tensor _bias;     // (B, capacity) float32: 0 at a real slot, −∞ at padding; a one-token step's mask is a view of it
    private bool _everyRowStarted;     // every row holds a real token: a one-token step's padding query has a key without itself
    private Tensor? _positions;        // (B, T) of the current step
    private Tensor? _mask;             // (B, 1, T, Length + T) of the current step, 0 or −∞

    public KeyValueCache(int layers, long batch, long capacity, Device? device = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(layers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Batch = batch;
        Capacity = capacity;
        Device = device ?? CPU;
        _real = zeros(batch, capacity, dtype: ScalarType.Bool, device: Device).DetachFromDisposeScope();
        _seen = zeros(batch, dtype: ScalarType.Int64, device: Device).DetachFromDisposeScope();
        _bias = zeros(batch, capacity, device: Device).DetachFromDisposeScope();
        _layers = [.. Enumerable.Range(0, layers).Select(_ => new LayerKeyValueCache(this))];
    }

    public long Batch { get; }
    public long Capacity { get; }
    public Device Device { get; }

    /// <summary>Slots written by finished steps.</summary>
    public long Length { get; private set; }

    /// <summary>Tokens fed by the step under way (0 between steps).</summary>
    public long StepLength { get; private set; }

    /// <summary>Position of each new token in its row, (B, T) int64: real tokens before it; padding gets its row's last position (or 0).</summary>
    public Tensor Positions => _positions ?? throw new InvalidOperationException("No step is under way.");

    /// <summary>Additive attention mask of the step, (B, 1, T, Length + T): 0 where a query may attend, −∞ elsewhere.</summary>
    public Tensor Mask => _mask ?? throw new InvalidOperationException("No step is under way.");

    public LayerKeyValueCache Layer(int index) => _layers[index];

    /// <summary>Layers the cache holds keys and values for.</summary>
    public int LayerCount => _layers.Length;

    /// <summary>Starts a step that feeds T tokens per row; <paramref name="real"/> (B, T) bool marks which are not padding.</summary>
    public void Begin(Tensor real)
    {
        if (_positions is not null) throw new InvalidOperationException("A step is already under way.");
        if (real.dim() != 2 || real.shape[0] != Batch) throw new ArgumentException($"Expected a (B={Batch}, T) mask of real tokens.", nameof(real));
        var T = real.shape[1];
        if (Length + T > Capacity) throw new InvalidOperationException($"The cache holds {Capacity} slots; {Length} are used and the step needs {T}.");
        using var scope = NewDisposeScope();
        var isReal = real.to(ScalarType.Bool, Device);
        _real.narrow(1, Length, T).copy_(isReal);
        _bias.narrow(1, Length, T).masked_fill_(isReal.logical_not(), double.NegativeInfinity);   // slots are written once: they start at 0
        if (T == 1 && _everyRowStarted)
        {
            BeginOneToken(isReal);
            return;
        }
        var counts = isReal.to(ScalarType.Int64).cumsum(1) + _seen.unsqueeze(1);                  // (B, T): real tokens up to and including each
        var positions = (counts - 1).clamp_min(0);                                                  // (B, T)
        using (var last = counts.select(1, -1)) _seen.copy_(last);

        var L = Length + T;
        var keys = arange(L, dtype: ScalarType.Int64, device: Device);                             // (L)
        var queries = arange(Length, L, dtype: ScalarType.Int64, device: Device);                  // (T), absolute slots
        var causal = keys.unsqueeze(0).le(queries.unsqueeze(1));                                   // (T, L)
        var itself = keys.unsqueeze(0).eq(queries.unsqueeze(1));                                   // (T, L)
        var realKeys = _real.narrow(1, 0, L).unsqueeze(1);                                         // (B, 1, L)
        var allowed = causal.unsqueeze(0).logical_and(realKeys.logical_or(itself.unsqueeze(0)));  // (B, T, L)
        var mask = zeros(allowed.shape, device: Device).masked_fill(allowed.logical_not(), double.NegativeInfinity).unsqueeze(1); // (B, 1, T, L)
        _positions = positions.DetachFromDisposeScope();   // disposed by End
        _mask = mask.DetachFromDisposeScope();
        StepLength = T;
    }

    // The per-token step of decoding, with a few operations instead of the general mask's dozens: every row already holds a real
    // token, so the mask is the (B, 1, 1, L) view of the slots' bias (a padding query, which only a finished row feeds, attends to
    // its row's real tokens instead of only itself; its output is never read), and the position is the row's real count so far.
    private void BeginOneToken(Tensor isReal)
    {
        var added = isReal.to(ScalarType.Int64);                                                     // (B, 1)
        var positions = _seen.unsqueeze(1) + added - 1;                                            // (B, 1): ≥ 0, every row has a real token
        _seen.add_(added.squeeze(1));
        var L = Length + 1;
        _positions = positions.DetachFromDisposeScope();
        _mask = _bias.narrow(1, 0, L).view(Batch, 1, 1, L).DetachFromDisposeScope();              // (B, 1, 1, L)
        StepLength = 1;
    }

    /// <summary>Ends the step: its slots become part of the cache.</summary>
    public void End()
    {
        if (StepLength > 0 && !_everyRowStarted)
        {
            using var least = _seen.min();
            _everyRowStarted = least.item<long>() > 0;
        }
        Length += StepLength;
        StepLength = 0;
        _positions?.Dispose();
        _mask?.Dispose();
        _positions = null;
        _mask = null;
    }

    public void Dispose()
    {
        End();
        foreach (var layer in _layers) layer.Dispose();
        _real.Dispose();
        _seen.Dispose();
        _bias.Dispose();
    }
}
