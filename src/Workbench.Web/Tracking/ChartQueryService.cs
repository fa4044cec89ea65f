using Workbench.Storage;
using Workbench.Storage.Queries;
using Workbench.Web.Analysis;

namespace Workbench.Web.Tracking;

/// <summary>
/// Downsampled traces of one metric for one or more runs on one shared step grid: the union of the runs' step
/// ranges, or the zoomed range. At most 20 runs; each trace gets about <c>points</c> points.
/// </summary>
public sealed class ChartQueryService(RunTrackingStore tracking, MetricSeriesReader reader)
{
    public const int MaxRuns = 20;
    public const int DefaultPoints = 1500;

    public async Task<ChartData> QueryAsync(
        IReadOnlyList<int> runIds, string metric, XAxis axis, int points = DefaultPoints, long? from = null, long? to = null,
        CancellationToken ct = default)
    {
        if (runIds.Count is 0 or > MaxRuns) throw new ArgumentException($"Choose 1 to {MaxRuns} runs, not {runIds.Count}.", nameof(runIds));
        points = Math.Clamp(points, 10, 20_000);
        var runs = await tracking.GetManyAsync(runIds, ct);
        var extents = new Dictionary<int, SeriesExtent>();
        foreach (var run in runs)
            if (await reader.ExtentAsync(run.Id, metric, ct) is { } extent) extents[run.Id] = extent;

        var gridFrom = from ?? (extents.Count == 0 ? 0 : extents.Values.Min(e => e.FirstStep));
        var gridTo = Math.Max(gridFrom, to ?? (extents.Count == 0 ? 0 : extents.Values.Max(e => e.LastStep)));
        var grid = BucketGrid.ForPoints(gridFrom, gridTo, points);

        // Runs are read one after another: SQLite serves one reader per connection and the machine has 2 cores.
        var series = new List<ChartSeries>();
        foreach (var run in runs)
        {
            var map = RunSeriesAxis.For(run, axis);
            IReadOnlyList<SeriesPoint> kept = [];
            long total = 0;
            if (extents.ContainsKey(run.Id))
            {
                var sampled = await reader.ReadAsync(run.Id, metric, grid, XAxes.NeedsWallTime(axis), ct);
                (kept, total) = (sampled.Points, sampled.TotalPoints);
            }
            series.Add(new ChartSeries(
                run.Id, run.Name, metric, RunColors.For(run.Id),
                kept.Select(p => map.X(p.Step, p.WallTime)).ToList(),
                kept.Select(p => p.Value).ToList(),
                kept.Select(p => p.Step).ToList(),
                total, map));
        }
        return new ChartData(metric, axis, grid.From, grid.To, grid.Buckets, series);
    }
}
