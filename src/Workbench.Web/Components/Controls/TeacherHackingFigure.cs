using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using Plotly.Blazor.Traces;
using Plotly.Blazor.Traces.ScatterLib;
using Workbench.Experiments;
using Workbench.Experiments.TeacherHacking;

namespace Workbench.Web.Components.Controls;

/// <summary>
/// The Plotly figure of <see cref="TeacherHackingChart"/>: the proxy KL(teacher ‖ student) on the left axis and the golden
/// KL(oracle ‖ student) on the right, by step, and every span where <see cref="TeacherHackingSignature"/> finds the paper's
/// signature shaded, with an annotation naming the two changes.
/// </summary>
public static class TeacherHackingFigure
{
    public const string ProxyColor = "#1f77b4";
    public const string GoldenColor = "#d62728";
    public const string SpanColor = "#ff9800";

    /// <summary>The evaluations that have both metrics, in step order.</summary>
    public static IReadOnlyList<TeacherHackingPoint> Points(IReadOnlyDictionary<string, List<MetricPoint>> history) =>
        TeacherHackingSignature.Pair(Series(history, TeacherHackingMetricNames.ProxyKl), Series(history, TeacherHackingMetricNames.GoldenKl));

    public static IList<ITrace> Traces(IReadOnlyList<TeacherHackingPoint> points) =>
    [
        Trace("proxy KL(teacher ‖ student)", points.Select(p => p.Proxy), points, "y", ProxyColor),
        Trace("golden KL(oracle ‖ student)", points.Select(p => p.Golden), points, "y2", GoldenColor),
    ];

    public static Plotly.Blazor.Layout Layout(IReadOnlyList<TeacherHackingSpan> spans) => new()
    {
        Title = new Title { Text = "Teacher hacking: proxy vs golden on the student's completions of eval prompts" },
        // A span's two-line annotation sits above the plot, under the title: it needs a taller top margin or it covers the title.
        Margin = new Margin { L = 60, R = 60, T = spans.Count > 0 ? 100 : 40, B = 90 },
        XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = "step" } }],
        YAxis =
        [
            new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "proxy KL (nats/token)" }, Color = ProxyColor },
            new YAxis
            {
                Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "golden KL (nats/token)" }, Color = GoldenColor,
                Overlaying = "y", Side = Plotly.Blazor.LayoutLib.YAxisLib.SideEnum.Right,
            },
        ],
        Legend = [new Legend { Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H, Y = -0.3m }],
        Shapes = [.. spans.Select(s => new Shape
        {
            Type = Plotly.Blazor.LayoutLib.ShapeLib.TypeEnum.Rect, XRef = "x", YRef = "paper",
            X0 = s.FromStep, X1 = s.ToStep, Y0 = 0, Y1 = 1, FillColor = SpanColor, Opacity = 0.18m,
            Line = new Plotly.Blazor.LayoutLib.ShapeLib.Line { Width = 0 },
        })],
        Annotations = [.. spans.Select(s => new Annotation
        {
            XRef = "x", YRef = "paper", X = (s.FromStep + s.ToStep) / 2.0, Y = 1, YAnchor = Plotly.Blazor.LayoutLib.AnnotationLib.YAnchorEnum.Bottom,
            ShowArrow = false, Text = Describe(s, html: true),
        })],
    };

    /// <summary>"teacher hacking, steps 100–200: proxy −0.012, golden +0.034".</summary>
    public static string Describe(TeacherHackingSpan span, bool html = false) =>
        $"teacher hacking, steps {span.FromStep}–{span.ToStep}:{(html ? "<br>" : " ")}proxy {Signed(span.ProxyChange)}, golden {Signed(span.GoldenChange)}";

    private static string Signed(double value) => (value >= 0 ? "+" : "−") + Math.Abs(value).ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerable<(long Step, double Value)> Series(IReadOnlyDictionary<string, List<MetricPoint>> history, string name) =>
        history.TryGetValue(name, out var points) ? points.Select(p => (p.Step, p.Value)) : [];

    private static Scatter Trace(string name, IEnumerable<double> values, IReadOnlyList<TeacherHackingPoint> points, string axis, string color) => new()
    {
        Name = name,
        Mode = ModeFlag.Lines | ModeFlag.Markers,
        X = points.Select(p => (object)p.Step).ToList(),
        Y = values.Select(v => (object)v).ToList(),
        YAxis = axis,
        Line = new Plotly.Blazor.Traces.ScatterLib.Line { Color = color },
    };
}
