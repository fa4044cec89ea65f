using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Workbench.Experiments;
using Workbench.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Hubs;

public sealed class RunsHubTests(WorkbenchServer server) : IClassFixture<WorkbenchServer>
{
    [Fact]
    public async Task StreamMetrics_JoinedMidRun_HistoryThenLiveTailWithoutGapsOrDuplicates()
    {
        var runs = server.Services.GetRequiredService<RunService>();
        var (run, errors) = await runs.SubmitAsync(TinyConfigs.Teacher("streamed", steps: 300));
        Assert.Empty(errors);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((await server.Store.GetAsync(run!.Id))!.Step < 20 && DateTime.UtcNow < deadline) await Task.Delay(50);

        await using var hub = server.CreateHubConnection();
        await hub.StartAsync();
        var received = new List<MetricPoint>();
        var batches = 0;
        await foreach (var batch in hub.StreamAsync<MetricPoint[]>(WorkerProtocol.StreamMetrics, run.Id))
        {
            received.AddRange(batch);
            batches++;
        }

        var finished = await server.WaitForTerminalAsync(run.Id, TimeSpan.FromMinutes(1));
        Assert.Equal(RunStatus.Completed, finished.Status);
        var steps = received.Where(p => p.Name == MetricNames.TrainLoss).Select(p => p.Step).ToList();
        var stored = (await server.Store.GetMetricsAsync(run.Id)).Where(p => p.Name == MetricNames.TrainLoss).Select(p => p.Step).ToList();
        Assert.Equal(stored, steps);                          // every stored point, once, in order
        Assert.Equal(steps.Count, steps.Distinct().Count());
        Assert.All(steps.Zip(steps.Skip(1)), pair => Assert.Equal(pair.First + 1, pair.Second));
        Assert.True(batches > 1, "expected history plus live batches");
    }

    [Fact]
    public async Task ReportMetrics_WithoutWorkerToken_IsRefused()
    {
        var (run, _) = await server.Services.GetRequiredService<RunService>().SubmitAsync(TinyConfigs.Teacher("refused", steps: 5));
        await using var hub = server.CreateHubConnection();
        await hub.StartAsync();

        var error = await Assert.ThrowsAsync<HubException>(() =>
            hub.InvokeAsync(WorkerProtocol.ReportMetrics, run!.Id, new[] { new MetricPoint("train/loss", 1, 123, DateTime.UtcNow) }));

        Assert.Contains("Only Workbench workers", error.Message);
        await server.WaitForTerminalAsync(run!.Id, TimeSpan.FromMinutes(1));
        Assert.DoesNotContain(await server.Store.GetMetricsAsync(run.Id), p => p.Value == 123);
    }

    [Fact]
    public async Task ReportCheckpoint_PathOutsideRunFolder_IsRefused()
    {
        var (run, _) = await server.Services.GetRequiredService<RunService>().SubmitAsync(TinyConfigs.Teacher("sneaky", steps: 5));
        var token = server.Services.GetRequiredService<Workbench.Web.Live.WorkerToken>().Value;
        await using var worker = server.CreateHubConnection(workerToken: token);
        await worker.StartAsync();

        var error = await Assert.ThrowsAsync<HubException>(() =>
            worker.InvokeAsync(WorkerProtocol.ReportCheckpoint, run!.Id, new CheckpointSaved("/etc/passwd", 1)));

        Assert.Contains("inside", error.Message);
        await server.WaitForTerminalAsync(run!.Id, TimeSpan.FromMinutes(1));
        Assert.DoesNotContain((await server.Store.GetAsync(run.Id))!.Checkpoints, c => c.Path == "/etc/passwd");
    }

    [Fact]
    public async Task SubscribeRuns_RunFinishes_ClientGetsStatusChange()
    {
        await using var hub = server.CreateHubConnection();
        var statuses = new List<(int RunId, string Status)>();
        var completed = new TaskCompletionSource();
        hub.On<int, string, string?>(WorkerProtocol.RunStatusChanged, (id, status, _) =>
        {
            lock (statuses) statuses.Add((id, status));
            if (status == nameof(RunStatus.Completed)) completed.TrySetResult();
        });
        await hub.StartAsync();
        await hub.InvokeAsync(WorkerProtocol.SubscribeRuns);

        var (run, _) = await server.Services.GetRequiredService<RunService>().SubmitAsync(TinyConfigs.Teacher("announced", steps: 5));
        await completed.Task.WaitAsync(TimeSpan.FromMinutes(1));

        lock (statuses)
        {
            Assert.Contains((run!.Id, nameof(RunStatus.Running)), statuses);
            Assert.Contains((run.Id, nameof(RunStatus.Completed)), statuses);
        }
    }
}
