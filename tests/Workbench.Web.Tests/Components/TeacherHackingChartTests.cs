using Bunit;
using Plotly.Blazor;
using Workbench.Experiments;
using Workbench.Experiments.TeacherHacking;
using Workbench.Web.Components.Controls;
using Workbench.Web.Components.Pages;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Components;

public sealed class TeacherHackingChartTests : WorkbenchComponentContext
{
    private static readonly DateTime s_t0 = new(2026, 12, 2, 0, 0, 0, DateTimeKind.Utc);

    // Evaluations every 10 steps: the proxy keeps falling; the golden falls to step 20, then rises (the paper's signature).
    private static readonly double[] s_proxy = [1.0, 0.8, 0.6, 0.5, 0.4, 0.35, 0.3];
    private static readonly double[] s_golden = [2.0, 1.8, 1.7, 1.7, 1.75, 1.8, 1.9];

    private static List<MetricPoint> Series(string name, IEnumerable<double> values, int first = 0) =>
        [.. values.Select((v, i) => new MetricPoint(name, (first + i) * 10, v, s_t0))];

    private static Dictionary<string, List<MetricPoint>> History(int count) => new()
    {
        [TeacherHackingMetricNames.ProxyKl] = Series(TeacherHackingMetricNames.ProxyKl, s_proxy.Take(count)),
        [TeacherHackingMetricNames.GoldenKl] = Series(TeacherHackingMetricNames.GoldenKl, s_golden.Take(count)),
    };

    [Fact]
    public void Signature_IsShadedAnnotatedAndSaidInWords()
    {
        var chart = Render<TeacherHackingChart>(p => p.Add(x => x.History, History(7)).Add(x => x.Window, 2));

        var span = Assert.Single(chart.Instance.Spans);
        Assert.Equal((20L, 60L), (span.FromStep, span.ToStep));
        var figure = chart.FindComponent<PlotlyChart>().Instance;
        Assert.Equal(2, figure.Data.Count);                                             // proxy and golden, drawn together
        Assert.Equal("y2", ((Plotly.Blazor.Traces.Scatter)figure.Data[1]).YAxis);         // golden on its own axis
        var shape = Assert.Single(figure.Layout.Shapes);
        Assert.Equal((object)20L, shape.X0);
        Assert.Contains("teacher hacking, steps 20–60", Assert.Single(figure.Layout.Annotations).Text);
        var words = chart.Find("#teacher-hacking-signature");
        Assert.Equal("1", words.GetAttribute("data-spans"));
        Assert.Contains("proxy −0.3000, golden +0.2000", words.TextContent);
    }

    [Fact]
    public void AWiderWindow_FindsNoSignature_AndSaysSo()
    {
        var chart = Render<TeacherHackingChart>(p => p.Add(x => x.History, History(7)).Add(x => x.Window, 6));
        Assert.Empty(chart.Instance.Spans);
        Assert.Empty(chart.FindComponent<PlotlyChart>().Instance.Layout.Shapes);
        Assert.Contains("No teacher-hacking signature in 7 evaluations", chart.Find("#teacher-hacking-signature").TextContent);
    }

    [Fact]
    public async Task LiveEvaluations_RedrawTheFigureAndMarkTheSignatureWhenItAppears()
    {
        var chart = Render<TeacherHackingChart>(p => p.Add(x => x.History, History(4)).Add(x => x.Window, 2));
        Assert.Empty(chart.Instance.Spans);

        await chart.InvokeAsync(() => chart.Instance.AppendAsync(
            [.. Series(TeacherHackingMetricNames.ProxyKl, s_proxy.Skip(4), first: 4), .. Series(TeacherHackingMetricNames.GoldenKl, s_golden.Skip(4), first: 4),
             new MetricPoint(MetricNames.TrainLoss, 65, 9.0, s_t0)]));

        chart.WaitForAssertion(() => Assert.Equal("1", chart.Find("#teacher-hacking-signature").GetAttribute("data-spans")));
        Assert.Equal(7, ((Plotly.Blazor.Traces.Scatter)chart.FindComponent<PlotlyChart>().Instance.Data[0]).X.Count);
    }

    [Fact]
    public async Task RunPage_ShowsTheChartOnlyForRunsWithAnOracle()
    {
        var plain = await Store.CreateAsync(RunPresets.DemoDistill.Config);
        var withOracle = await Store.CreateAsync(RunPresets.DemoDistill.Config with { Name = "with-oracle", Oracle = new ModelRef { Run = plain.Id } });
        await Store.AppendMetricsAsync(withOracle.Id, [.. History(7).Values.SelectMany(v => v)]);

        var page = Render<RunDetail>(p => p.Add(x => x.RunId, withOracle.Id));
        page.WaitForAssertion(() => Assert.Equal("1", page.Find("#teacher-hacking-signature").GetAttribute("data-spans")));

        var other = Render<RunDetail>(p => p.Add(x => x.RunId, plain.Id));
        other.WaitForAssertion(() => other.Find("#run-title"));
        Assert.Empty(other.FindAll("#teacher-hacking"));
    }
}
