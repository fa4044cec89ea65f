using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Experiments;
using Workbench.Storage;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Hosting;

/// <summary>Resume with the real server and real workers: the same run continues after its checkpoint, steps contiguous.</summary>
public sealed class RunResumeTests
{
    private static RunConfig Resumable(string name) => TinyConfigs.Teacher(name, steps: 600) with { CheckpointEvery = 20, EvalEvery = 300 };

    private static async Task WaitForCheckpointAsync(WorkbenchServer server, int runId, long step)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);   // generous: the machine is shared
        while (await server.Store.GetAsync(runId) is { } run && !run.Checkpoints.Any(c => c.Step >= step))
        {
            if (run.Status.IsTerminal()) throw new InvalidOperationException($"Run {runId} ended {run.Status} before a checkpoint: {run.Error}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Run {runId} saved no checkpoint at step {step} or later (at step {run.Step}).");
            await Task.Delay(50);
        }
    }

    private static async Task AssertContiguousAsync(WorkbenchServer server, int runId, int steps)
    {
        var losses = (await server.Store.GetMetricsAsync(runId)).Where(p => p.Name == MetricNames.TrainLoss).Select(p => p.Step).ToList();
        Assert.Equal(Enumerable.Range(1, steps).Select(s => (long)s), losses);
    }

    [Fact]
    public async Task Resume_CancelledAfterACheckpoint_SameRunCompletesWithContiguousSteps()
    {
        await using var server = new WorkbenchServer();
        using var http = server.CreateHttpClient();
        var (run, _) = await server.Services.GetRequiredService<Web.Orchestration.RunService>().SubmitAsync(Resumable("resume-after-cancel"));
        await WaitForCheckpointAsync(server, run!.Id, 20);
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync($"/api/runs/{run.Id}/cancel", null)).StatusCode);
        var cancelled = await server.WaitForTerminalAsync(run.Id, TimeSpan.FromSeconds(30));
        Assert.Equal(RunStatus.Cancelled, cancelled.Status);
        Assert.True(cancelled.Step < 600, "the run finished before it could be cancelled");

        var resume = await http.PostAsync($"/api/runs/{run.Id}/resume", null);

        Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
        var finished = await server.WaitForTerminalAsync(run.Id, TimeSpan.FromMinutes(2));
        Assert.True(finished.Status == RunStatus.Completed, $"{finished.Status}: {finished.Error}");
        Assert.Equal(600, finished.Step);
        await AssertContiguousAsync(server, run.Id, 600);
        Assert.Single(await server.Store.ListAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await http.PostAsync($"/api/runs/{run.Id}/resume", null)).StatusCode);
    }

    [Fact]
    public async Task Resume_WorkerKilledPastItsCheckpoint_DropsTheStepsAfterItAndContinues()
    {
        await using var server = new WorkbenchServer();
        using var http = server.CreateHttpClient();
        var (run, _) = await server.Services.GetRequiredService<Web.Orchestration.RunService>().SubmitAsync(Resumable("resume-after-kill"));
        await WaitForCheckpointAsync(server, run!.Id, 20);
        await server.WaitForStepAsync(run.Id, (await server.Store.GetAsync(run.Id))!.Checkpoints.Max(c => c.Step) + 2, TimeSpan.FromMinutes(1));
        WorkerProcessOf(server, run.Id).Kill();
        Assert.Equal(RunStatus.Failed, (await server.WaitForTerminalAsync(run.Id, TimeSpan.FromSeconds(30))).Status);

        var resume = await http.PostAsync($"/api/runs/{run.Id}/resume", null);
        Assert.True(resume.StatusCode == HttpStatusCode.Accepted,
                    $"{resume.StatusCode}: {await resume.Content.ReadAsStringAsync()}; checkpoints {string.Join(", ", (await server.Store.GetAsync(run.Id))!.Checkpoints.Select(c => c.Path))}");

        var finished = await server.WaitForTerminalAsync(run.Id, TimeSpan.FromMinutes(2));
        Assert.True(finished.Status == RunStatus.Completed, $"{finished.Status}: {finished.Error}");
        await AssertContiguousAsync(server, run.Id, 600);
    }

    [Fact]
    public async Task Resume_CheckpointsTheHostNeverRegistered_ResumesFromTheNewestStepFolderOnDisk()
    {
        // A busy host hears checkpoint reports late and refuses those whose folders its worker has pruned meanwhile; here
        // it has registered none when the worker dies. What the worker wrote is on disk: the run resumes from the newest.
        await using var server = new WorkbenchServer();
        using var http = server.CreateHttpClient();
        var (run, _) = await server.Services.GetRequiredService<Web.Orchestration.RunService>().SubmitAsync(Resumable("resume-unreported"));
        await WaitForCheckpointAsync(server, run!.Id, 40);
        await using (var db = new WorkbenchDbContext(new DbContextOptionsBuilder<WorkbenchDbContext>()
                         .UseSqlite($"Data Source={Path.Combine(server.DataDirectory, "workbench.db")}").Options))
            await db.Checkpoints.Where(c => c.RunId == run.Id).ExecuteDeleteAsync();
        WorkerProcessOf(server, run.Id).Kill();
        var failed = await server.WaitForTerminalAsync(run.Id, TimeSpan.FromSeconds(30));
        Assert.Equal(RunStatus.Failed, failed.Status);

        var onDisk = ResumableCheckpoint.List(Path.Combine(server.DataDirectory, "runs", run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(ResumableCheckpoint.StepOf(onDisk[^1]), failed.Checkpoints.Max(c => c.Step));   // registered by the time the run is marked failed
        var from = await ResumePoints.ExpectedAsync(server, server.DataDirectory, run.Id);
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync($"/api/runs/{run.Id}/resume", null)).StatusCode);
        var finished = await server.WaitForTerminalAsync(run.Id, TimeSpan.FromMinutes(2));
        Assert.True(finished.Status == RunStatus.Completed, $"{finished.Status}: {finished.Error}");
        var steps = (await server.Store.GetMetricsAsync(run.Id)).Where(p => p.Name == MetricNames.TrainLoss).Select(p => p.Step).ToList();
        Assert.Equal(Enumerable.Range((int)from + 1, 600 - (int)from).Select(s => (long)s), steps.Where(s => s > from));
        Assert.Equal(steps.Count, steps.Distinct().Count());
    }

    [Fact]
    public async Task Resume_RunWithoutCheckpoints_Conflict()
    {
        await using var server = new WorkbenchServer();
        using var http = server.CreateHttpClient();
        var (run, _) = await server.Services.GetRequiredService<Web.Orchestration.RunService>().SubmitAsync(TinyConfigs.Teacher("plain", steps: 200_000));
        await server.WaitForStepAsync(run!.Id, 2, TimeSpan.FromMinutes(1));
        WorkerProcessOf(server, run.Id).Kill();   // killed: no checkpoint at all
        await server.WaitForTerminalAsync(run.Id, TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.Conflict, (await http.PostAsync($"/api/runs/{run.Id}/resume", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("/api/runs/999/resume", null)).StatusCode);
    }

    private static Process WorkerProcessOf(WorkbenchServer server, int runId)
    {
        foreach (var process in Process.GetProcessesByName("dotnet"))
        {
            var cmdline = File.Exists($"/proc/{process.Id}/cmdline") ? File.ReadAllText($"/proc/{process.Id}/cmdline").Replace('\0', ' ') : "";
            if (cmdline.Contains("Workbench.Worker.dll") && cmdline.Contains(Path.Combine(server.DataDirectory, "runs", runId.ToString(System.Globalization.CultureInfo.InvariantCulture), "launch.json")))
                return process;
        }
        throw new InvalidOperationException($"No worker process for run {runId}.");
    }
}
