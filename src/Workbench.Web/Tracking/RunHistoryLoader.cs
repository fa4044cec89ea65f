using Workbench.Experiments;
using Workbench.Storage;
using Workbench.Storage.Queries;

namespace Workbench.Web.Tracking;

/// <summary>
/// A run's metric history for its live page, every metric min/max-downsampled to about 1,500 points, so a run with
/// a million points opens as fast as one with a thousand. The last point of each metric is always kept.
/// </summary>
public sealed class RunHistoryLoader(RunTrackingStore tracking, MetricSeriesReader reader)
{
    public async Task<IReadOnlyList<MetricPoint>> LoadAsync(int runId, int pointsPerMetric = ChartQueryService.DefaultPoints, CancellationToken ct = default)
    {
        var history = new List<MetricPoint>();
        foreach (var summary in await tracking.SummariesAsync(runId, ct))
        {
            if (await reader.ExtentAsync(runId, summary.Name, ct) is not { } extent) continue;
            var grid = BucketGrid.ForPoints(extent.FirstStep, extent.LastStep, pointsPerMetric);
            var series = await reader.ReadAsync(runId, summary.Name, grid, withWallTime: true, ct);
            history.AddRange(series.Points.Select(p => new MetricPoint(summary.Name, p.Step, p.Value, p.WallTime)));
        }
        return history;
    }
}
