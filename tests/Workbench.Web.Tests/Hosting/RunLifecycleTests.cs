using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Experiments;
using Workbench.Web.Hosting;
using Workbench.Web.Orchestration;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Hosting;

/// <summary>The server survives what happens to its workers, and a restart loses nothing.</summary>
public sealed class RunLifecycleTests
{
    [Fact]
    public async Task WorkerKilled_RunFailsWithExitReason_ServerKeepsServing()
    {
        await using var server = new WorkbenchServer();
        var runs = server.Services.GetRequiredService<RunService>();
        var (run, _) = await runs.SubmitAsync(TinyConfigs.Teacher("doomed", steps: 200_000));
        await server.WaitForStepAsync(run!.Id, 3, TimeSpan.FromMinutes(1));

        var worker = WorkerProcessOf(server, run.Id);
        worker.Kill();   // SIGKILL, as the kernel's OOM killer would

        var failed = await server.WaitForTerminalAsync(run.Id, TimeSpan.FromSeconds(30));
        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Contains("SIGKILL", failed.Error);
        Assert.NotEmpty(await server.Store.GetMetricsAsync(run.Id));   // metrics already written stay written

        var (next, _) = await runs.SubmitAsync(TinyConfigs.Teacher("after-crash", steps: 5));
        Assert.Equal(RunStatus.Completed, (await server.WaitForTerminalAsync(next!.Id, TimeSpan.FromMinutes(1))).Status);
    }

    [Fact]
    public async Task ServerStopsMidRun_AfterRestartRunIsInterruptedAndHistoryKept()
    {
        var data = Directory.CreateTempSubdirectory("wb-restart-").FullName;
        try
        {
            int runId;
            int pointsBefore;
            await using (var first = WorkbenchServer.OnDataDirectory(data))
            {
                var (run, _) = await first.Services.GetRequiredService<RunService>().SubmitAsync(TinyConfigs.Teacher("cut-short", steps: 200_000));
                runId = run!.Id;
                await first.WaitForStepAsync(runId, 3, TimeSpan.FromMinutes(1));
                pointsBefore = (await first.Store.GetMetricsAsync(runId)).Count;
            }

            await using var second = WorkbenchServer.OnDataDirectory(data);
            _ = second.BaseAddress;   // start it
            var after = await second.Store.GetAsync(runId);
            Assert.Equal(RunStatus.Interrupted, after!.Status);
            Assert.Contains("server stopped", after.Error);
            Assert.True((await second.Store.GetMetricsAsync(runId)).Count >= pointsBefore);
            Assert.False(second.Services.GetRequiredService<RunScheduler>().IsActive(runId));
        }
        finally
        {
            // The first server's worker may still be finishing its last write as it exits; a leftover temp folder is harmless.
            try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        }
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
