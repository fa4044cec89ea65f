using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Experiments;
using Workbench.Storage;
using Workbench.Web.Hosting;
using Workbench.Web.Orchestration;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Hosting;

/// <summary>Restarts over the same data directory: crashed vs stopped, and checkpoints written after the server stopped hearing its worker.</summary>
public sealed class RunRecoveryTests
{
    private static RunConfig Resumable(string name) => TinyConfigs.Teacher(name, steps: 400) with { CheckpointEvery = 20, EvalEvery = 200 };

    private static async Task<long> WaitForCheckpointsAsync(WorkbenchServer server, int runId, int count)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var run = (await server.Store.GetAsync(runId))!;
            if (run.Checkpoints.Count >= count) return run.Checkpoints.Max(c => c.Step);
            if (run.Status.IsTerminal() || DateTime.UtcNow > deadline) throw new TimeoutException($"Run {runId}: {run.Status} at step {run.Step}, {run.Checkpoints.Count} checkpoint(s).");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Restart_AfterACrashWithAnUnreportedCheckpoint_SaysCrashedRegistersItAndResumesFromIt()
    {
        var data = Directory.CreateTempSubdirectory("wb-recovery-").FullName;
        int runId;
        long newest;
        IReadOnlyList<string> firstLog;
        await using (var first = WorkbenchServer.OnDataDirectory(data))
        {
            var (run, _) = await first.Services.GetRequiredService<RunService>().SubmitAsync(Resumable("crashed"));
            runId = run!.Id;
            await WaitForCheckpointsAsync(first, runId, 2);
            await first.DisposeAsync();
            firstLog = first.Log.Lines;
        }
        // The run kept going until the server stopped: the newest complete step-N folder on disk is the one to resume from.
        var folders = ResumableCheckpoint.List(Path.Combine(data, "runs", runId.ToString()));
        newest = long.Parse(Path.GetFileName(folders[^1])["step-".Length..]);
        // What a crash leaves: the run still "running", no clean-shutdown marker, and the newest checkpoint never reported.
        await using (var db = new WorkbenchDbContext(new DbContextOptionsBuilder<WorkbenchDbContext>().UseSqlite($"Data Source={Path.Combine(data, "workbench.db")}").Options))
        {
            await db.Checkpoints.Where(c => c.RunId == runId && c.Step >= newest).ExecuteDeleteAsync();
            Assert.True(await db.Checkpoints.AnyAsync(c => c.RunId == runId), "an older checkpoint stays registered");
            await db.Runs.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RunStatus.Running).SetProperty(r => r.Error, (string?)null));
        }
        File.Delete(Path.Combine(data, RunRecovery.CleanShutdownFile));

        await using var second = WorkbenchServer.OnDataDirectory(data);
        using var http = second.CreateHttpClient();
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while ((await second.Store.GetAsync(runId))!.Status != RunStatus.Interrupted && DateTime.UtcNow < deadline) await Task.Delay(50);

        var interrupted = (await second.Store.GetAsync(runId))!;
        Assert.True(RunRecovery.CrashedReason == interrupted.Error,
            $"{interrupted.Error}\nfirst server:\n{string.Join('\n', firstLog.TakeLast(40))}\nsecond server:\n{string.Join('\n', second.Log.Lines.Take(40))}");
        Assert.Equal(newest, interrupted.Checkpoints.Max(c => c.Step));
        // It resumes from the newest checkpoint at or before the last step the dead server stored (no gap in the history),
        // or from the newest when the worker had pruned all of those.
        var from = await ResumePoints.ExpectedAsync(second, data, runId);
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync($"/api/runs/{runId}/resume", null)).StatusCode);
        var finished = await second.WaitForTerminalAsync(runId, TimeSpan.FromMinutes(3));
        Assert.True(finished.Status == RunStatus.Completed, $"{finished.Status}: {finished.Error}");
        var steps = (await second.Store.GetMetricsAsync(runId)).Where(p => p.Name == MetricNames.TrainLoss).Select(p => p.Step).ToList();
        // Continued from that checkpoint: every step after it once, none repeated.
        Assert.Equal(Enumerable.Range((int)from + 1, 400 - (int)from).Select(s => (long)s), steps.Where(s => s > from));
        Assert.Equal(steps.Count, steps.Distinct().Count());
        await second.DisposeAsync();   // before its folder goes: it writes its clean-shutdown marker there
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task SchedulerStop_CalledAgainLater_DoesNotMarkRunsAgain()
    {
        // The host stops its services twice (a test factory's StopAsync and the app's own Run both do); the second pass,
        // not awaited by anyone, used to mark the runs "stopped" again after whoever stopped the server had moved on.
        await using var server = new WorkbenchServer();
        var (run, _) = await server.Services.GetRequiredService<RunService>().SubmitAsync(TinyConfigs.Teacher("stop-twice", steps: 100_000));
        await server.WaitForStepAsync(run!.Id, 2, TimeSpan.FromMinutes(1));
        var scheduler = server.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<RunScheduler>().Single();

        await scheduler.StopAsync(CancellationToken.None);
        Assert.Equal(RunRecovery.StoppedReason, (await server.Store.GetAsync(run.Id))!.Error);
        await using (var db = new WorkbenchDbContext(new DbContextOptionsBuilder<WorkbenchDbContext>().UseSqlite($"Data Source={Path.Combine(server.DataDirectory, "workbench.db")}").Options))
            await db.Runs.Where(r => r.Id == run.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RunStatus.Running).SetProperty(r => r.Error, (string?)null));
        File.Delete(Path.Combine(server.DataDirectory, RunRecovery.CleanShutdownFile));
        await scheduler.StopAsync(CancellationToken.None);

        var after = (await server.Store.GetAsync(run.Id))!;
        Assert.Equal(RunStatus.Running, after.Status);
        Assert.Null(after.Error);
        Assert.False(File.Exists(Path.Combine(server.DataDirectory, RunRecovery.CleanShutdownFile)));
    }

    [Fact]
    public async Task Restart_AfterACleanStop_SaysStopped()
    {
        var data = Directory.CreateTempSubdirectory("wb-recovery-").FullName;
        int runId;
        await using (var first = WorkbenchServer.OnDataDirectory(data))
        {
            var (run, _) = await first.Services.GetRequiredService<RunService>().SubmitAsync(TinyConfigs.Teacher("stopped", steps: 100_000));
            runId = run!.Id;
            await first.WaitForStepAsync(runId, 2, TimeSpan.FromMinutes(1));
        }
        Assert.True(File.Exists(Path.Combine(data, RunRecovery.CleanShutdownFile)));

        await using var second = WorkbenchServer.OnDataDirectory(data);
        _ = second.BaseAddress;   // start it

        var run2 = (await second.Store.GetAsync(runId))!;
        Assert.Equal(RunStatus.Interrupted, run2.Status);
        Assert.Equal(RunRecovery.StoppedReason, run2.Error);
        await second.DisposeAsync();
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }
}
