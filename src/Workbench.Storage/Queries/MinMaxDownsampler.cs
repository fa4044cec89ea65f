namespace Workbench.Storage.Queries;

/// <summary>
/// Min/max per x-bucket (the M4 family without first/last per bucket): a one-point spike is always the max (or min)
/// of its bucket, so it survives at any zoom. The series' first and last points are always kept. Points must
/// arrive in step order; memory is O(buckets), not O(points).
/// </summary>
public sealed class MinMaxDownsampler(BucketGrid grid)
{
    private readonly List<SeriesPoint> _kept = [];
    private readonly List<SeriesPoint> _raw = [];
    private int _bucket = -1;
    private SeriesPoint _min;
    private SeriesPoint _max;
    private SeriesPoint _first;
    private SeriesPoint _last;

    public BucketGrid Grid => grid;

    /// <summary>Points offered so far.</summary>
    public long Count { get; private set; }

    public void Add(SeriesPoint point)
    {
        if (Count++ == 0) _first = point;
        _last = point;
        // Short series come back untouched; past the budget the raw copy is dropped.
        if (_raw.Count <= grid.MaxPoints) _raw.Add(point);

        var bucket = grid.IndexOf(point.Step);
        if (bucket != _bucket)
        {
            FlushBucket();
            _bucket = bucket;
            _min = _max = point;
            return;
        }
        if (point.Value < _min.Value) _min = point;
        if (point.Value > _max.Value) _max = point;
    }

    /// <summary>The kept points in step order: every point when they fit the budget, else first + min/max per bucket + last.</summary>
    public IReadOnlyList<SeriesPoint> Finish()
    {
        if (Count <= grid.MaxPoints) return _raw.ToList();
        FlushBucket();
        _bucket = -1;
        var result = new List<SeriesPoint>(_kept.Count + 2);
        if (_kept.Count == 0 || _kept[0] != _first) result.Add(_first);
        result.AddRange(_kept);
        if (result[^1] != _last) result.Add(_last);
        return result;
    }

    private void FlushBucket()
    {
        if (_bucket < 0) return;
        if (_min == _max) _kept.Add(_min);
        else if (_min.Step <= _max.Step) { _kept.Add(_min); _kept.Add(_max); }
        else { _kept.Add(_max); _kept.Add(_min); }
    }
}
