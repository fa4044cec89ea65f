using Microsoft.Extensions.DependencyInjection;
using Bunit;
using Workbench.Experiments;
using Workbench.Web.Components.Controls;
using Workbench.Web.Components.Pages;
using Workbench.Web.Live;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Components;

public sealed class RunDetailTests : WorkbenchComponentContext
{
    [Fact]
    public async Task RunDetail_StoredHistory_RendersEveryPointInTheCharts()
    {
        var run = await Store.CreateAsync(RunPresets.DemoTeacher.Config);
        var t0 = DateTime.UtcNow;
        var points = Enumerable.Range(1, 120).Select(s => new MetricPoint(MetricNames.TrainLoss, s, 3.0 / s, t0.AddSeconds(s)))
            .Concat([new MetricPoint(MetricNames.EvalLoss, 50, 0.5, t0), new MetricPoint(MetricNames.EvalAccuracy, 50, 0.75, t0)])
            .ToList();
        await Store.AppendMetricsAsync(run.Id, points);

        var page = Render<RunDetail>(p => p.Add(x => x.RunId, run.Id));

        page.WaitForAssertion(() => Assert.Equal("demo-teacher", page.Find("#run-title").TextContent));
        var charts = page.FindComponents<MetricChart>();
        Assert.Equal([120], charts[0].Instance.PointCounts);      // train/loss: the training objective
        Assert.Equal([1], charts[1].Instance.PointCounts);        // eval/loss: eval cross-entropy, its own chart
        Assert.Equal([1], charts[2].Instance.PointCounts);        // eval/accuracy
        Assert.Contains("training objective (weighted sum)", charts[0].Instance.YTitle);
        Assert.Equal("/runs/new?from=" + run.Id, page.Find("#clone-run").GetAttribute("href"));
        Assert.Contains("0.75", page.Find("#latest-metrics").TextContent);
        Assert.Contains("\"steps\": 600", page.Find("#run-config").TextContent);
    }

    [Fact]
    public async Task RunDetail_LiveBurst_UpdatesLatestValuesAndStatus()
    {
        var run = await Store.CreateAsync(RunPresets.DemoTeacher.Config);
        var page = Render<RunDetail>(p => p.Add(x => x.RunId, run.Id));
        page.WaitForAssertion(() => page.Find("#run-title"));
        var feed = Services.GetRequiredService<RunEventFeed>();

        feed.Publish(new ProgressChanged(run.Id, new RunProgress(300, 600, 25, 12_000)));
        feed.Publish(new MetricsArrived(run.Id, Enumerable.Range(1, 500).Select(s => new MetricPoint(MetricNames.TrainLoss, s, 1.0 / s, DateTime.UtcNow)).ToList()));
        feed.Publish(new StatusChanged(run.Id, RunStatus.Failed, "Loss became NaN at step 301 (forward_kl)"));

        page.WaitForAssertion(() =>
        {
            Assert.Contains("0.002", page.Find("#latest-metrics").TextContent);
            Assert.Equal("failed", page.Find("[data-status]").GetAttribute("data-status"));
            Assert.Contains("NaN at step 301", page.Find("#run-error").TextContent);
        });
    }

    [Fact]
    public async Task RunDetail_WorkerPlacedWhileOpen_ShowsTheLocationWithoutAReload()
    {
        var run = await Store.CreateAsync(RunPresets.DemoTeacher.Config);
        var page = Render<RunDetail>(p => p.Add(x => x.RunId, run.Id));
        page.WaitForAssertion(() => Assert.Equal("–", page.Find("#run-worker").TextContent));

        // What the scheduler does once the worker process is up: store the location and tell the pages.
        await Services.GetRequiredService<RunTelemetry>().WorkerPlacedAsync(run.Id, "local:pid 4242");

        page.WaitForAssertion(() => Assert.Equal("local:pid 4242", page.Find("#run-worker").TextContent));
        Assert.Equal("local:pid 4242", (await Store.GetAsync(run.Id))!.WorkerLocation);
    }

    [Fact]
    public void RunDetail_UnknownRun_SaysSo()
    {
        var page = Render<RunDetail>(p => p.Add(x => x.RunId, 999));
        page.WaitForAssertion(() => Assert.Contains("Run 999 does not exist", page.Markup));
    }
}
