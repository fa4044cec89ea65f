namespace Workbench.Training.Data;

/// <summary>
/// Draws batches from a split in a seeded random order: each epoch is a fresh shuffle, and batches never
/// straddle two epochs' orders (the last short remainder of an epoch is skipped).
/// </summary>
public sealed class BatchSampler<T>
{
    private readonly IReadOnlyList<T> _items;
    private readonly int _batchSize;
    private readonly Random _random;
    private readonly int[] _order;
    private int _position;

    public BatchSampler(IReadOnlyList<T> items, int batchSize, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (items.Count == 0) throw new ArgumentException("Cannot sample from an empty split.", nameof(items));
        _items = items;
        _batchSize = Math.Min(batchSize, items.Count);
        _random = new Random(seed);
        _order = [.. Enumerable.Range(0, items.Count)];
        _position = _order.Length;   // shuffle on first use
    }

    public int Epoch { get; private set; }

    /// <summary>Batches drawn so far; with the seed it fixes the sampler's whole state (see <see cref="FastForward"/>).</summary>
    public long Drawn { get; private set; }

    /// <summary>
    /// Advances as if <paramref name="batches"/> batches were drawn, without building them: a resumed run replays the
    /// seeded shuffles, because <see cref="Random"/>'s state cannot be saved.
    /// </summary>
    public void FastForward(long batches)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batches);
        for (long i = 0; i < batches; i++) Advance();
    }

    /// <summary>The next batch of <c>min(batchSize, count)</c> items.</summary>
    public IReadOnlyList<T> Next() => [.. NextIndices().Select(i => _items[i])];

    /// <summary>
    /// The next batch as positions in the split (what <see cref="Next"/> returns, item for item), for data kept per item
    /// elsewhere, such as a teacher top-k cache. Advances the sampler exactly as <see cref="Next"/> does.
    /// </summary>
    public int[] NextIndices()
    {
        var start = Advance();
        return _order[start..(start + _batchSize)];
    }

    // Moves to the next batch (reshuffling at an epoch's end) and returns where it starts in _order.
    private int Advance()
    {
        if (_position + _batchSize > _order.Length)
        {
            _random.Shuffle(_order);
            _position = 0;
            Epoch++;
        }
        var start = _position;
        _position += _batchSize;
        Drawn++;
        return start;
    }
}
