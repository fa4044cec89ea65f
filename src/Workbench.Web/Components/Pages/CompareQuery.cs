using System.Globalization;
using Workbench.Experiments;
using Workbench.Web.Components.Controls;
using Workbench.Web.Tracking;

namespace Workbench.Web.Components.Pages;

/// <summary>
/// Everything a comparison shows, as it lives in the URL so it can be shared or bookmarked:
/// <c>/compare?runs=1,2,3&amp;metric=train/loss&amp;smooth=0.6&amp;x=step&amp;logy=1&amp;baseline=1&amp;diff=1</c>.
/// </summary>
public sealed record CompareQuery(
    IReadOnlyList<int> Runs, string Metric, ChartSettings Settings, int? Baseline, bool DifferencesOnly)
{
    public static CompareQuery Parse(string? runs, string? metric, double? smooth, string? x, int? logx, int? logy, int? outliers,
        int? baseline, int? diff)
    {
        var ids = Api.TrackingApi.ParseIds(runs).Take(ChartQueryService.MaxRuns).ToList();
        var settings = new ChartSettings(XAxes.Parse(x), Math.Clamp(smooth ?? 0, 0, 0.99), logx == 1, logy == 1, outliers == 1);
        return new CompareQuery(ids, string.IsNullOrWhiteSpace(metric) ? MetricNames.TrainLoss : metric, settings,
            baseline is { } b && ids.Contains(b) ? b : ids.FirstOrDefault() is var first and > 0 ? first : null, diff != 0);
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
        return url;
    }

    /// <summary>Identifies the chart settings: a new key means new charts.</summary>
    public string ChartKey => $"{string.Join(',', Runs)}|{Metric}|{Settings}";
}
