using Microsoft.AspNetCore.SignalR;
using Workbench.Experiments;
using Workbench.RunProtocol;
using Workbench.RunProtocol.Reports;
using Workbench.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Web.Orchestration;
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
        await foreach (var batch in hub.StreamMetrics(run.Id, CancellationToken.None))
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
            hub.Report(Metrics(run!.Id, 1, new MetricPoint("train/loss", 1, 123, DateTime.UtcNow))));

        Assert.Contains("only Workbench workers", error.Message);
        await server.WaitForTerminalAsync(run!.Id, TimeSpan.FromMinutes(1));
        Assert.DoesNotContain(await server.Store.GetMetricsAsync(run.Id), p => p.Value == 123);
    }

    // Two runs that no scheduler runs (seeded as running), each with a worker credential issued as a launch would.
    private async Task<(int RunA, string TokenA, int RunB)> TwoRunsAsync()
    {
        var runA = await SeededRuns.AddAsync(server.Services, TinyConfigs.Teacher("worker-a", steps: 50), RunStatus.Running);
        var runB = await SeededRuns.AddAsync(server.Services, TinyConfigs.Teacher("worker-b", steps: 50), RunStatus.Running);
        var credentials = server.Services.GetRequiredService<Workbench.Web.Live.WorkerCredentials>();
        var tokenA = credentials.Issue(runA);
        credentials.Issue(runB);
        return (runA, tokenA, runB);
    }

    [Fact]
    public async Task Report_WorkerOfOneRunIntoAnother_RefusedAndTheOtherRunUntouched()
    {
        var (runA, tokenA, runB) = await TwoRunsAsync();
        await using var worker = server.CreateHubConnection(workerToken: tokenA);
        await worker.StartAsync();

        await worker.Report(Metrics(runA, 1, new MetricPoint("train/loss", 1, 1.5, DateTime.UtcNow)));
        var metrics = await Assert.ThrowsAsync<HubException>(() => worker.Report(Metrics(runB, 1, new MetricPoint("train/loss", 1, 666, DateTime.UtcNow))));
        var failed = await Assert.ThrowsAsync<HubException>(() => worker.Report(Failed(runB, 1, "sabotage")));
        var smuggled = await Assert.ThrowsAsync<HubException>(() =>   // a batch of run A carrying a report of run B
            worker.Report(new ReportBatch(runA, [new FinishedReport(runB, 2, RunStatus.Failed, "sabotage")])));

        Assert.Contains($"may not report into run {runB}", metrics.Message);
        Assert.Contains($"may not report into run {runB}", failed.Message);
        Assert.Contains($"must belong to run {runA}", smuggled.Message);
        Assert.Contains(await server.Store.GetMetricsAsync(runA), p => p.Value == 1.5);
        Assert.Empty(await server.Store.GetMetricsAsync(runB));
        Assert.Equal(RunStatus.Running, (await server.Store.GetAsync(runB))!.Status);
    }

    [Fact]
    public async Task Report_RevokedToken_Refused()
    {
        var (runA, tokenA, _) = await TwoRunsAsync();
        server.Services.GetRequiredService<Workbench.Web.Live.WorkerCredentials>().Revoke(runA, tokenA);
        await using var worker = server.CreateHubConnection(workerToken: tokenA);
        await worker.StartAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => worker.Report(Failed(runA, 1, "late")));

        Assert.Contains("only Workbench workers", error.Message);
        Assert.Equal(RunStatus.Running, (await server.Store.GetAsync(runA))!.Status);
    }

    [Fact]
    public async Task ReportMetrics_BadNamesAndSteps_DroppedTheRestStored()
    {
        var (runA, tokenA, _) = await TwoRunsAsync();
        await using var worker = server.CreateHubConnection(workerToken: tokenA);
        await worker.StartAsync();
        var now = DateTime.UtcNow;

        await worker.Report(Metrics(runA, 1,
        [
            new MetricPoint("train/loss", 2, 2.0, now),
            new MetricPoint("train/loss", -1, 3.0, now),
            new MetricPoint("train/loss", 1_000_000_000, 4.0, now),
            new MetricPoint(new string('x', 201), 3, 5.0, now),
            new MetricPoint("bell\u0007\u001b[31m", 3, 6.0, now),
            new MetricPoint("rtl\u202eevil", 3, 7.0, now),
        ]));

        Assert.Equal([2.0], (await server.Store.GetMetricsAsync(runA)).Select(p => p.Value));
    }

    [Fact]
    public async Task ReportCheckpoint_PathOutsideRunFolder_NotRegistered()
    {
        var (runA, tokenA, _) = await TwoRunsAsync();
        await using var worker = server.CreateHubConnection(workerToken: tokenA);
        await worker.StartAsync();

        await worker.Report(new ReportBatch(runA, [new CheckpointReport(runA, 1, new CheckpointSaved("/etc/passwd", 1))]));

        Assert.Contains(server.Log.Lines, l => l.Contains("/etc/passwd") && l.Contains("not registered"));
        Assert.DoesNotContain((await server.Store.GetAsync(runA))!.Checkpoints, c => c.Path == "/etc/passwd");
    }

    [Fact]
    public async Task ReportCheckpoint_LinkInsideRunFolderLeadingOut_NotRegistered()
    {
        var (runA, tokenA, _) = await TwoRunsAsync();
        var runFolder = Directory.CreateDirectory(server.Services.GetRequiredService<DataPaths>().RunDirectory(runA)).FullName;
        var link = Path.Combine(runFolder, "model.safetensors");
        File.CreateSymbolicLink(link, "/etc/passwd");
        await using var worker = server.CreateHubConnection(workerToken: tokenA);
        await worker.StartAsync();

        await worker.Report(new ReportBatch(runA, [new CheckpointReport(runA, 1, new CheckpointSaved(link, 1))]));

        Assert.Empty((await server.Store.GetAsync(runA))!.Checkpoints);
    }

    [Fact]
    public async Task SubscribeRuns_RunFinishes_ClientGetsStatusChange()
    {
        await using var hub = server.CreateHubConnection();
        var statuses = new List<(int RunId, string Status)>();
        var completed = new TaskCompletionSource();
        using var _ = hub.On(new StatusRecorder((id, status) =>
        {
            lock (statuses) statuses.Add((id, status));
            if (status == nameof(RunStatus.Completed)) completed.TrySetResult();
        }));
        await hub.StartAsync();
        await hub.SubscribeRuns();

        var (run, _) = await server.Services.GetRequiredService<RunService>().SubmitAsync(TinyConfigs.Teacher("announced", steps: 5));
        await completed.Task.WaitAsync(TimeSpan.FromMinutes(1));

        lock (statuses)
        {
            Assert.Contains((run!.Id, nameof(RunStatus.Running)), statuses);
            Assert.Contains((run.Id, nameof(RunStatus.Completed)), statuses);
        }
    }

    [Fact]
    public async Task Report_SameBatchTwice_AppliedOnceAndAcknowledged()
    {
        var (runA, tokenA, _) = await TwoRunsAsync();
        await using var worker = server.CreateHubConnection(workerToken: tokenA);
        await worker.StartAsync();
        var batch = new ReportBatch(runA,
        [
            new MetricsReport(runA, 1, [new MetricPoint("train/loss", 1, 1.0, DateTime.UtcNow)]),
            new ProgressReport(runA, 2, new RunProgress(1, 50, 1, 1)),
            new MetricsReport(runA, 3, [new MetricPoint("train/loss", 2, 2.0, DateTime.UtcNow)]),
        ]);

        Assert.Equal(3, await worker.Report(batch));
        Assert.Equal(3, await worker.Report(batch));   // the acknowledgement was lost: the worker sends it again
        Assert.Equal(4, await worker.Report(Metrics(runA, 4, new MetricPoint("train/loss", 3, 3.0, DateTime.UtcNow))));

        Assert.Equal([1.0, 2.0, 3.0], (await server.Store.GetMetricsAsync(runA)).Select(p => p.Value));
        Assert.Equal(1, (await server.Store.GetAsync(runA))!.Step);
    }

    private static ReportBatch Metrics(int runId, long sequence, params MetricPoint[] points) => new(runId, [new MetricsReport(runId, sequence, points)]);

    private static ReportBatch Failed(int runId, long sequence, string reason) => new(runId, [new FinishedReport(runId, sequence, RunStatus.Failed, reason)]);

    private sealed class StatusRecorder(Action<int, string> record) : IRunsClient
    {
        public Task RunStatusChanged(int runId, string status, string? error)
        {
            record(runId, status);
            return Task.CompletedTask;
        }
    }
}
