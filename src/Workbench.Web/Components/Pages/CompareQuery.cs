using System.Globalization;
using Workbench.Experiments;
using Workbench.Web.Components.Controls;
using Workbench.Web.Tracking;

namespace Workbench.Web.Components.Pages;

/// <summary>
/// Everything a comparison shows, as it lives in the URL so it can be shared or bookmarked:
/// <c>/compare?runs=1,2,3&amp;metric=train/loss&amp;smooth=0.6&amp;x=step&amp;logy=1&amp;baseline=1&amp;diff=1&amp;band=ci&amp;keys=eval/ood/cam_lift</c>.
/// <see cref="Baseline"/> is the run the user chose (null: the page picks one); its configuration is the verdict's baseline.
/// </summary>
public sealed record CompareQuery(
    IReadOnlyList<int> Runs, string Metric, ChartSettings Settings, int? Baseline, bool DifferencesOnly)
{
    /// <summary>Runs the page takes: a sweep of 50 and more. Per-run chart lines stop at <see cref="ChartQueryService.MaxRuns"/>; past that the chart groups.</summary>
    public const int MaxRuns = ChartQueryService.MaxGroupedRuns;

    /// <summary>Chart grouping by everything but the seed: off (a line per run), min–max or interval band.</summary>
    public ChartBand Band { get; init; }

    /// <summary>Metrics the verdict leads with besides its defaults.</summary>
    public IReadOnlyList<string> KeyMetrics { get; init; } = [];

    public static CompareQuery Parse(string? runs, string? metric, double? smooth, string? x, int? logx, int? logy, int? outliers,
        int? baseline, int? diff, string? band = null, string? keys = null)
    {
        var ids = Api.TrackingApi.ParseIds(runs).Take(MaxRuns).ToList();
        var settings = new ChartSettings(XAxes.Parse(x), Math.Clamp(smooth ?? 0, 0, 0.99), logx == 1, logy == 1, outliers == 1);
        return new CompareQuery(ids, string.IsNullOrWhiteSpace(metric) ? MetricNames.TrainLoss : metric, settings,
            baseline is { } b && ids.Contains(b) ? b : null, diff != 0)
        {
            // Past the per-run chart's limit only a grouped chart can draw them.
            Band = ChartBands.Parse(band) is var parsed && parsed == ChartBand.Off && ids.Count > ChartQueryService.MaxRuns ? ChartBand.MinMax : ChartBands.Parse(band),
            KeyMetrics = (keys ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList(),
        };
    }

    public string ToUrl()
    {
        var c = CultureInfo.InvariantCulture;
        var url = $"/compare?runs={string.Join(',', Runs)}&metric={Uri.EscapeDataString(Metric)}&x={XAxes.Name(Settings.XAxis)}";
        if (Settings.Smoothing > 0) url += "&smooth=" + Settings.Smoothing.ToString("0.##", c);
        if (Settings.LogX) url += "&logx=1";
        if (Settings.LogY) url += "&logy=1";
        if (Settings.IgnoreOutliers) url += "&outliers=1";
        if (Baseline is { } b) url += $"&baseline={b}";
        if (!DifferencesOnly) url += "&diff=0";
        if (Band != ChartBand.Off) url += "&band=" + ChartBands.Name(Band);
        if (KeyMetrics.Count > 0) url += "&keys=" + string.Join(',', KeyMetrics.Select(Uri.EscapeDataString));
        return url;
    }

    /// <summary>Identifies the chart settings: a new key means new charts.</summary>
    public string ChartKey => $"{string.Join(',', Runs)}|{Metric}|{Settings}|{Band}";
}
