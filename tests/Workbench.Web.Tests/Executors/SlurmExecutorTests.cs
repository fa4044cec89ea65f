using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Experiments;
using Workbench.Tests.Shared;
using Workbench.Web.Hosting;
using Workbench.Web.Orchestration;
using Workbench.Web.Tests.Shared;
using Xunit.Abstractions;

namespace Workbench.Web.Tests.Executors;

/// <summary>
/// Runs through a real Slurm cluster (<see cref="SlurmCluster"/>) and the real host with <c>Workbench:Executor:Kind = slurm</c>:
/// sbatch, squeue, scontrol (no accounting daemon, so no sacct) and scancel.
/// </summary>
public sealed class SlurmExecutorTests(ITestOutputHelper output) : IAsyncLifetime
{
    private SlurmCluster _cluster = null!;
    private WorkbenchServer _server = null!;

    public async Task InitializeAsync()
    {
        _cluster = await SlurmCluster.StartAsync();
        _server = WorkbenchServer.WithSettings(new Dictionary<string, string>
        {
            ["Workbench:Executor:Kind"] = "slurm",
            ["Workbench:Executor:Slurm:Environment:SLURM_CONF"] = _cluster.ConfigFile,
            ["Workbench:Executor:Slurm:PollSeconds"] = "0.5",
            ["Workbench:Executor:Defaults:Cpus"] = "1",
            ["Workbench:Executor:Defaults:MemoryMb"] = "2000",
            ["Workbench:CancelGraceSeconds"] = "120",   // a loaded machine may take a while to save the cancel checkpoint
        });
    }

    [Fact]
    public async Task RunThroughSlurm_CompletesWithMetrics_ThenScancelFailsTheNextWithSlurmsReason()
    {
        var runs = _server.Services.GetRequiredService<RunService>();
        var clock = Stopwatch.StartNew();
        var (run, errors) = await runs.SubmitAsync(TinyConfigs.Teacher("through-slurm", steps: 40));
        Assert.True(run is not null, string.Join("; ", errors));
        var firstMetric = await TimeToFirstMetricAsync(run!.Id, clock, TimeSpan.FromMinutes(3));
        var done = await _server.WaitForTerminalAsync(run.Id, TimeSpan.FromMinutes(3));
        Assert.True(done.Status == RunStatus.Completed, $"{done.Status}: {done.Error}");
        Assert.Matches(@"^slurm:\d+$", done.WorkerLocation);
        var metrics = await _server.Store.GetMetricsAsync(run.Id);
        Assert.Contains(metrics, m => m.Name == "train/loss" && m.Step == 40);
        Assert.Contains(metrics, m => m.Name == "eval/loss");
        var jobId = done.WorkerLocation!["slurm:".Length..];
        await WaitForJobEndAsync(run.Id);   // the worker reports Completed before its job ends
        Assert.Contains("JobState=COMPLETED", await _cluster.RunAsync("/usr/bin/scontrol", "show", "job", "-o", jobId));
        output.WriteLine($"Slurm submit-to-first-metric: {firstMetric.TotalSeconds:F1} s; submit to completed: {clock.Elapsed.TotalSeconds:F1} s ({metrics.Count} points)");

        // A job ended outside the worker (an administrator's scancel): the run fails with what Slurm says.
        var (doomed, _) = await runs.SubmitAsync(TinyConfigs.Teacher("scancelled", steps: 200_000));
        await _server.WaitForStepAsync(doomed!.Id, 2, TimeSpan.FromMinutes(3));
        var location = (await _server.Store.GetAsync(doomed.Id))!.WorkerLocation!;
        Assert.StartsWith("slurm:", location);
        await _cluster.RunAsync("/usr/bin/scancel", location["slurm:".Length..]);
        var failed = await _server.WaitForTerminalAsync(doomed.Id, TimeSpan.FromMinutes(1));
        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Contains($"Slurm job {location["slurm:".Length..]} ended CANCELLED", failed.Error);
        output.WriteLine($"scancelled run: {failed.Error}");
    }

    [Fact]
    public async Task CancelFromTheWorkbench_StopsTheJobCleanly_RunIsCancelled()
    {
        var runs = _server.Services.GetRequiredService<RunService>();
        var (run, _) = await runs.SubmitAsync(TinyConfigs.Teacher("cancel-in-slurm", steps: 200_000));
        await _server.WaitForStepAsync(run!.Id, 2, TimeSpan.FromMinutes(3));
        Assert.True(_server.Services.GetRequiredService<RunScheduler>().RequestCancel(run.Id));
        var cancelled = await _server.WaitForTerminalAsync(run.Id, TimeSpan.FromMinutes(1));
        Assert.Equal(RunStatus.Cancelled, cancelled.Status);
        // The worker got "cancel" through the job's USR1 trap and stopped by itself: Slurm saw a clean end.
        var jobId = cancelled.WorkerLocation!["slurm:".Length..];
        await WaitForJobEndAsync(run.Id);
        Assert.Contains("JobState=COMPLETED", await _cluster.RunAsync("/usr/bin/scontrol", "show", "job", "-o", jobId));
    }

    private async Task WaitForJobEndAsync(int runId)
    {
        var scheduler = _server.Services.GetRequiredService<RunScheduler>();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (scheduler.IsActive(runId))
        {
            Assert.True(DateTime.UtcNow < deadline, $"The Slurm job of run {runId} did not end.");
            await Task.Delay(100);
        }
    }

    private async Task<TimeSpan> TimeToFirstMetricAsync(int runId, Stopwatch clock, TimeSpan timeout)
    {
        while ((await _server.Store.GetMetricsAsync(runId)).Count == 0)
        {
            if (clock.Elapsed > timeout) throw new TimeoutException($"No metric after {timeout}: {(await _server.Store.GetAsync(runId))?.Error}");
            await Task.Delay(50);
        }
        return clock.Elapsed;
    }

    public async Task DisposeAsync()
    {
        try
        {
            await _server.DisposeAsync();
        }
        finally
        {
            await _cluster.DisposeAsync();   // the daemons stop even when the server's shutdown failed
        }
    }
}
