using Plotly.Blazor;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using Workbench.Web.Analysis;
using Workbench.Web.Tracking;
using PlotLayout = Plotly.Blazor.Layout;

namespace Workbench.Web.Components.Controls;

/// <summary>
/// Turns chart data and settings into Plotly traces and layout, apart from rendering so it can be tested. Per run:
/// the raw trace (faint when smoothed) and, with smoothing on, the debiased EMA over it; both in the run's colour
/// and one legend group, so one legend click hides the run.
/// </summary>
public static class TrackedChartFigure
{
    public const string RawMeta = "raw";

    /// <summary>Index of a run's raw trace and of its smoothed trace (null without smoothing).</summary>
    public static (int Raw, int? Smoothed) TraceIndices(int seriesIndex, ChartSettings settings) =>
        settings.Smoothing > 0 ? (2 * seriesIndex, 2 * seriesIndex + 1) : (seriesIndex, null);

    public static List<ITrace> Traces(ChartData data, ChartSettings settings)
    {
        var traces = new List<ITrace>();
        foreach (var series in data.Series)
        {
            var group = $"run-{series.RunId}";
            var label = $"{series.RunName} #{series.RunId}";
            var smoothed = settings.Smoothing > 0;
            traces.Add(new Scatter
            {
                Name = label,
                LegendGroup = group,
                ShowLegend = !smoothed,
                Meta = smoothed ? RawMeta : null,
                Opacity = smoothed ? 0.25m : 1m,
                Mode = ModeFlag.Lines,
                Line = new Line { Color = series.Color, Width = smoothed ? 1 : 1.6m },
                X = series.X.ToList(),
                Y = series.Y.Cast<object>().ToList(),
                HoverTemplate = $"{label}<br>%{{x}}: %{{y:.5g}}<extra></extra>",
            });
            if (!smoothed) continue;
            traces.Add(new Scatter
            {
                Name = label,
                LegendGroup = group,
                Mode = ModeFlag.Lines,
                Line = new Line { Color = series.Color, Width = 2 },
                X = series.X.ToList(),
                Y = DebiasedEma.Smooth(series.Y, settings.Smoothing).Cast<object>().ToList(),
                HoverTemplate = $"{label} (smoothed)<br>%{{x}}: %{{y:.5g}}<extra></extra>",
            });
        }
        return traces;
    }

    public static PlotLayout Layout(ChartData data, ChartSettings settings, string? yTitle)
    {
        var yRange = settings.IgnoreOutliers ? OutlierRange.Of(data.Series.SelectMany(s => s.Y)) : null;
        if (yRange is { } r && settings.LogY)
            yRange = r.Min > 0 ? (Math.Log10(r.Min), Math.Log10(r.Max)) : null;   // a log axis' range is in decades
        return new PlotLayout
        {
            // A constant uirevision keeps the user's zoom when a re-query replaces the data.
            UiRevision = "keep",
            HoverMode = Plotly.Blazor.LayoutLib.HoverModeEnum.Closest,
            Margin = new Plotly.Blazor.LayoutLib.Margin { L = 60, R = 20, T = 20, B = 90 },
            XAxis = [new Plotly.Blazor.LayoutLib.XAxis
            {
                Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = XAxes.Title(settings.XAxis) },
                Type = settings.XAxis == XAxis.Time ? Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Date
                    : settings.LogX ? Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Log : Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Linear,
            }],
            YAxis = [new Plotly.Blazor.LayoutLib.YAxis
            {
                Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = yTitle ?? MetricKinds.Describe(data.Metric) },   // never a bare "loss"
                Type = settings.LogY ? Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Log : Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Linear,
                Range = yRange is { } y ? [y.Min, y.Max] : null,
            }],
            Legend = [new Plotly.Blazor.LayoutLib.Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = -0.3m }],
        };
    }
}
