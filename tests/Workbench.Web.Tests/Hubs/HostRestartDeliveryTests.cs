using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Workbench.Experiments;
using Workbench.RunProtocol.Launch;
using Workbench.Web.Executors;
using Workbench.Web.Hosting;
using Workbench.Web.Live;
using Workbench.Web.Orchestration;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Hubs;

/// <summary>
/// A worker started outside the host (as another scheduler would start it, from its launch document) keeps training while
/// the host restarts, spools its reports in the run folder, and delivers them when the host is back: every metric point
/// arrives exactly once and in order, and the run completes.
/// </summary>
public sealed class HostRestartDeliveryTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Steps = 300;

    [Fact]
    public async Task HostRestartedMidRun_EveryMetricArrivesOnceInOrder_RunCompletes()
    {
        var port = FreePort();
        // The test's own data directory, shared by both hosts: a server that made its own deletes it when disposed, and
        // the first host's would take the run folder, the worker's spool and the database with it (the flake of the
        // first attempt at this test).
        var dataDirectory = Directory.CreateTempSubdirectory("wb-restart-").FullName;
        var first = WorkbenchServer.OnPort(port, dataDirectory);
        var config = TinyConfigs.Teacher("outlives-its-host", steps: Steps) with { EvalEvery = 1000 };
        var runId = await SeededRuns.AddAsync(first.Services, config, RunStatus.Running);
        var tokenFile = Path.Combine(dataDirectory, "worker-token");
        await File.WriteAllTextAsync(tokenFile, first.Services.GetRequiredService<WorkerCredentials>().Issue(runId));
        var launch = await first.Services.GetRequiredService<LaunchDocumentBuilder>()
            .WriteAsync(runId, config, WorkerCredentialsReference.File(tokenFile), CancellationToken.None);
        var assembly = first.Services.GetRequiredService<IOptions<WorkbenchOptions>>().Value.ResolveWorkerAssembly();
        using var worker = StartWorker(assembly, launch, first.BaseAddress, out var stderr);

        try
        {
            await first.WaitForStepAsync(runId, 20, TimeSpan.FromMinutes(2));
            var stepWhenStopped = (await first.Store.GetAsync(runId))!.Step;
            await first.DisposeAsync();   // the host goes away mid-run; the worker trains on
            await Task.Delay(TimeSpan.FromSeconds(2));

            await using var second = WorkbenchServer.OnPort(port, dataDirectory);
            _ = second.BaseAddress;   // started
            try
            {
                await AssertDeliveredAsync(second, runId, worker, stepWhenStopped, stderr);
                output.WriteLine($"stopped at step {stepWhenStopped}; worker:\n{stderr}");   // the spool's size and replay time
            }
            catch (Exception ex)
            {
                // What the worker said (spooling, replays) and the host's last lines: a failure here is read, not retried.
                throw new Xunit.Sdk.XunitException($"{ex.Message}\nworker:\n{stderr}\nhost:\n{string.Join('\n', second.Log.Lines.Where(l => !l.Contains("Migrations")).TakeLast(40))}", ex);
            }
        }
        finally
        {
            if (!worker.HasExited) worker.Kill(entireProcessTree: true);
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task AssertDeliveredAsync(WorkbenchServer second, int runId, Process worker, long stepWhenStopped, System.Text.StringBuilder stderr)
    {
        // The new host's recovery marks the run interrupted before the worker's spool arrives (the worker retries once a
        // second); the replay revives it. So wait for the worker to finish delivering, then for a status other than that one.
        Assert.True(worker.WaitForExit(TimeSpan.FromMinutes(3)));
        var run = await second.WaitForTerminalAsync(runId, TimeSpan.FromMinutes(1));
        for (var deadline = DateTime.UtcNow.AddSeconds(30); run.Status == RunStatus.Interrupted && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(100);
            run = (await second.Store.GetAsync(runId))!;
        }

        Assert.True(run.Status == RunStatus.Completed, $"{run.Status}: {run.Error}\n{stderr}");
        Assert.True(stepWhenStopped < Steps, "the restart should fall inside the run");
        Assert.Contains("spooled report(s)", stderr.ToString());
        var losses = (await second.Store.GetMetricsAsync(runId)).Where(p => p.Name == MetricNames.TrainLoss).Select(p => p.Step).ToList();
        Assert.Equal(Enumerable.Range(1, Steps).Select(s => (long)s), losses);   // every step once, in order
        Assert.False(File.Exists(Path.Combine(second.Services.GetRequiredService<DataPaths>().RunDirectory(runId), "reports.spool")));
        Assert.Equal(0, worker.ExitCode);
    }

    private static Process StartWorker(string assembly, string launch, Uri host, out System.Text.StringBuilder stderr)
    {
        var info = new ProcessStartInfo(WorkerProcess.DotnetHost()) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "exec", assembly, "--launch", launch, "--host", host.ToString() }) info.ArgumentList.Add(arg);
        var process = Process.Start(info)!;
        var lines = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (lines) lines.AppendLine(e.Data); };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        stderr = lines;
        return process;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
