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
    /// <summary>Runs a grouped chart (mean and band per configuration) may reduce: a sweep of 50 runs and more.</summary>
    public const int MaxGroupedRuns = 100;
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

    /// <summary>
    /// One mean line and band per group of runs (a configuration over seeds), reduced here on one shared grid so the
    /// browser gets one trace per configuration, not per run. The x axis is steps or tokens: a mean at one wall-clock
    /// time means nothing, so time axes fall back to steps.
    /// </summary>
    public async Task<BandChartData> QueryBandsAsync(
        IReadOnlyList<(string Label, string Color, IReadOnlyList<int> RunIds)> groups, string metric, XAxis axis, ChartBand band,
        int points = DefaultPoints, CancellationToken ct = default)
    {
        var runIds = groups.SelectMany(g => g.RunIds).Distinct().ToList();
        if (runIds.Count is 0 or > MaxGroupedRuns) throw new ArgumentException($"Choose 1 to {MaxGroupedRuns} runs, not {runIds.Count}.", nameof(groups));
        if (axis is XAxis.Time or XAxis.Relative) axis = XAxis.Step;
        points = Math.Clamp(points, 10, 20_000);
        var runs = (await tracking.GetManyAsync(runIds, ct)).ToDictionary(r => r.Id);
        var extents = new Dictionary<int, SeriesExtent>();
        foreach (var id in runIds)
            if (await reader.ExtentAsync(id, metric, ct) is { } extent) extents[id] = extent;
        var grid = BucketGrid.ForPoints(
            extents.Count == 0 ? 0 : extents.Values.Min(e => e.FirstStep),
            extents.Count == 0 ? 0 : extents.Values.Max(e => e.LastStep), points);

        var series = new List<BandSeries>();
        foreach (var (label, color, ids) in groups)
        {
            var perRun = new List<IReadOnlyList<SeriesPoint>>();
            foreach (var id in ids.Where(extents.ContainsKey))
                perRun.Add((await reader.ReadAsync(id, metric, grid, withWallTime: false, ct)).Points);
            var aligned = SeriesBands.Align(perRun, grid);
            var map = ids.Select(id => runs.GetValueOrDefault(id)).OfType<Storage.Entities.RunEntity>().Select(r => RunSeriesAxis.For(r, axis)).FirstOrDefault()
                ?? new RunSeriesAxis(axis, 0, null);
            var reduced = aligned.Select(a => SeriesBands.Reduce(a.Values, band)).ToList();
            series.Add(new BandSeries(
                label, color, ids, aligned.Select(a => a.Step).ToList(), aligned.Select(a => map.X(a.Step, default)).ToList(),
                reduced.Select(r => r.Mean).ToList(), reduced.Select(r => r.Low).ToList(), reduced.Select(r => r.High).ToList(),
                aligned.Select(a => a.Values.Count).ToList()));
        }
        return new BandChartData(metric, axis, band, grid.From, grid.To, grid.Buckets, series);
    }
}
