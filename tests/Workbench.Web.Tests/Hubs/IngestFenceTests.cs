using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Experiments;
using Workbench.RunProtocol;
using Workbench.RunProtocol.Reports;
using Workbench.Web.Live;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Hubs;

/// <summary>
/// A killed worker's last batches can still be queued in the host when its run is marked ended (and resumed): the scheduler
/// revokes the token, then drains the run's ingestion. A batch asks again whether its sender is allowed once it has the run to
/// itself, and the drain waits for the batch being written.
/// </summary>
public sealed class IngestFenceTests(WorkbenchServer server) : IClassFixture<WorkbenchServer>
{
    [Fact]
    public async Task Drain_WaitsForTheBatchBeingWritten_AndTheQueuedOneIsRefusedOnceItsSenderIsNot()
    {
        var runId = await SeededRuns.AddAsync(server.Services, TinyConfigs.Teacher("fenced", steps: 50), RunStatus.Running);
        var telemetry = server.Services.GetRequiredService<RunTelemetry>();
        using var firstChecked = new ManualResetEventSlim();
        using var releaseFirst = new ManualResetEventSlim();
        var senderAllowed = true;

        // The first batch holds the run while its check runs; the second queues behind it.
        var first = Task.Run(() => telemetry.IngestAsync(Metrics(runId, 1, 1, 1.5), () =>
        {
            firstChecked.Set();
            releaseFirst.Wait(TimeSpan.FromSeconds(30));
            return true;
        }));
        Assert.True(firstChecked.Wait(TimeSpan.FromSeconds(30)));
        var queued = Task.Run(() => telemetry.IngestAsync(Metrics(runId, 2, 2, 666), () => senderAllowed));
        var drained = telemetry.DrainAsync(runId);
        await Task.Delay(200);
        Assert.False(drained.IsCompleted);   // the batch being written is not done yet

        senderAllowed = false;               // the worker is declared ended (its token revoked) while both wait
        releaseFirst.Set();
        await drained;
        Assert.Equal(1, await first);
        var refused = await Assert.ThrowsAsync<HubException>(() => queued);

        Assert.StartsWith(RunsHubEndpoint.RefusalPrefix, refused.Message);
        Assert.Equal([1.5], (await server.Store.GetMetricsAsync(runId)).Select(p => p.Value));
    }

    private static ReportBatch Metrics(int runId, long sequence, long step, double value) =>
        new(runId, [new MetricsReport(runId, sequence, [new MetricPoint(MetricNames.TrainLoss, step, value, DateTime.UtcNow)])]);
}
