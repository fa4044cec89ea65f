using Workbench.Experiments;

namespace Workbench.Web.Live;

/// <summary>
/// Joins a history snapshot and a live tail without gaps or duplicates: subscribe first, then read history,
/// and pass every batch through <see cref="TakeNew"/>, which keeps only points past the last step seen per metric.
/// </summary>
public sealed class MetricTail
{
    private readonly Dictionary<string, long> _lastStep = [];

    public IReadOnlyList<MetricPoint> TakeNew(IReadOnlyList<MetricPoint> points)
    {
        var fresh = new List<MetricPoint>(points.Count);
        foreach (var point in points)
        {
            if (_lastStep.TryGetValue(point.Name, out var last) && point.Step <= last) continue;
            _lastStep[point.Name] = point.Step;
            fresh.Add(point);
        }
        return fresh;
    }
}
