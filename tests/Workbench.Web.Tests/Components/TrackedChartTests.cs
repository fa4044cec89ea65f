using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Workbench.Experiments;
using Workbench.Web.Components.Controls;
using Workbench.Web.Live;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Components;

public sealed class TrackedChartTests : WorkbenchComponentContext
{
    private readonly FakeTimeProvider _time;

    public TrackedChartTests() : this(new FakeTimeProvider(SeededRuns.Start)) { }

    private TrackedChartTests(FakeTimeProvider time) : base(time) => _time = time;

    private static int Points(IRenderedComponent<TrackedChart> chart) =>
        chart.FindComponent<Plotly.Blazor.PlotlyChart>().Instance.Data.Sum(t => ((Plotly.Blazor.Traces.Scatter)t).X.Count);

    private static IReadOnlyList<MetricPoint> Live(long from, int count) =>
        Enumerable.Range(0, count).Select(i => new MetricPoint(MetricNames.TrainLoss, from + i, 1.0, SeededRuns.Start)).ToList();

    [Fact]
    public async Task TrackedChart_LiveBursts_AppendedOncePerSecondAndHeldWhilePaused()
    {
        var runId = await SeededRuns.AddAsync(Services, new RunConfig { Name = "live" }, RunStatus.Running,
            SeededRuns.Series(MetricNames.TrainLoss, 10, s => 1.0 / s));
        var chart = Render<TrackedChart>(p => p
            .Add(x => x.Id, "live-chart").Add(x => x.Title, "loss").Add(x => x.Metric, MetricNames.TrainLoss).Add(x => x.RunIds, [runId]));
        chart.WaitForAssertion(() => Assert.Equal(10, Points(chart)));
        var feed = Services.GetRequiredService<RunEventFeed>();

        feed.Publish(new MetricsArrived(runId, Live(5, 10)));    // steps 5..14: 5..10 are already drawn
        feed.Publish(new MetricsArrived(runId, Live(15, 5)));
        _time.Advance(TimeSpan.FromSeconds(1));
        chart.WaitForAssertion(() => Assert.Equal(19, Points(chart)));

        await chart.InvokeAsync(() => chart.Find("#live-chart-pause").Click());
        feed.Publish(new MetricsArrived(runId, Live(20, 3)));
        _time.Advance(TimeSpan.FromSeconds(2));
        await Task.Delay(50);
        Assert.Equal(19, Points(chart));
        Assert.Contains("paused", chart.Find("#live-chart-points").TextContent);

        await chart.InvokeAsync(() => chart.Find("#live-chart-pause").Click());
        chart.WaitForAssertion(() => Assert.Equal(22, Points(chart)));
    }
}
