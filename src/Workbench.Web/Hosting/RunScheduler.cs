using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Workbench.Experiments;
using Workbench.Storage;
using Workbench.Web.Live;

namespace Workbench.Web.Hosting;

/// <summary>
/// Takes queued runs in submission order and trains each in a worker process it supervises (at most
/// <see cref="WorkbenchOptions.MaxConcurrentRuns"/> at once). A run waits while a run it loads (<see cref="RunDependency"/>)
/// is queued or running, and fails when that run ended any other way than completed; runs behind it start meanwhile. Stays thin: the worker trains and reports through
/// the hub; this only starts, cancels and reaps processes and records how they ended.
/// </summary>
public sealed class RunScheduler(
    RunStore store,
    RunTelemetry telemetry,
    ServerAddress serverAddress,
    WorkerCredentials credentials,
    Resources.RunMemoryCheck memory,
    RunRecovery recovery,
    IOptions<WorkbenchOptions> options,
    DataPaths paths,
    LaunchDocumentBuilder launches,
    ILogger<RunScheduler> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<int, WorkerProcess> _workers = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly TaskCompletionSource _serverStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopping;

    /// <summary>Looks at the queue now instead of at the next poll.</summary>
    public void Wake() => _wake.Release();

    /// <summary>Called once Kestrel listens, so workers have an address to report to.</summary>
    public void OnServerStarted() => _serverStarted.TrySetResult();

    public bool IsActive(int runId) => _workers.ContainsKey(runId);

    /// <summary>Stops a running run's worker. False when this scheduler is not running it.</summary>
    public bool RequestCancel(int runId)
    {
        if (!_workers.TryGetValue(runId, out var worker)) return false;
        _ = worker.CancelAsync(TimeSpan.FromSeconds(options.Value.CancelGraceSeconds));
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await recovery.RecoverAsync(stoppingToken);
        await _serverStarted.Task.WaitAsync(stoppingToken);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await StartQueuedRunsAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Scheduling failed; retrying");
            }
            try { await _wake.WaitAsync(TimeSpan.FromSeconds(2), stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    // How far down the queue to look for a run whose dependencies have completed.
    private const int QueueLookahead = 1000;

    private async Task StartQueuedRunsAsync(CancellationToken ct)
    {
        var free = options.Value.MaxConcurrentRuns - _workers.Count;
        if (free <= 0) return;
        var queued = (await store.QueuedAsync(QueueLookahead, ct)).Select(run => (Run: run, Config: TryParse(run.ConfigJson))).ToList();
        var dependencies = queued.Where(q => q.Config is not null).SelectMany(q => RunDependency.Of(q.Config!)).Select(d => d.RunId).ToHashSet();
        var statuses = new Dictionary<int, RunStatus>(await store.StatusesAsync(dependencies, ct));
        foreach (var (run, config) in queued)
        {
            if (free == 0) break;
            if (_workers.ContainsKey(run.Id)) continue;   // resumed while its last worker is still being reaped: next wake
            if (config is not null)
            {
                // A run never starts before the runs it loads have completed; one whose dependency never will fails, and the queue moves on.
                var (state, reason) = DependencyGate.Check(config, statuses);
                if (state == DependencyState.Waiting) continue;
                if (state == DependencyState.Blocked)
                {
                    if (await telemetry.StatusAsync(run.Id, RunStatus.Failed, reason, ct)) statuses[run.Id] = RunStatus.Failed;
                    logger.LogInformation("Run {RunId} cannot start: {Reason}", run.Id, reason);
                    continue;
                }
            }
            if (!await telemetry.StatusAsync(run.Id, RunStatus.Running, ct: ct)) continue;   // cancelled meanwhile
            statuses[run.Id] = RunStatus.Running;
            free--;
            try
            {
                var launch = await PrepareLaunchAsync(run.Id, config ?? RunConfigJson.Deserialize(run.ConfigJson), ct);
                var worker = WorkerProcess.Start(run.Id, launch, logger);
                _workers[run.Id] = worker;
                logger.LogInformation("Run {RunId} started in worker process", run.Id);
                _ = SuperviseAsync(worker);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Run {RunId} could not start", run.Id);
                await telemetry.StatusAsync(run.Id, RunStatus.Failed, ex.Message, CancellationToken.None);
            }
        }
    }

    private static RunConfig? TryParse(string configJson)
    {
        try { return RunConfigJson.Deserialize(configJson); }
        catch (System.Text.Json.JsonException) { return null; }   // fails with the parser's message at launch
    }

    private async Task<WorkerLaunch> PrepareLaunchAsync(int runId, RunConfig config, CancellationToken ct)
    {
        // The worker's only inputs: its launch document and the host's address (its token follows on stdin).
        var launchFile = await launches.WriteAsync(runId, config, RunProtocol.Launch.WorkerCredentialsReference.Stdin, ct);
        List<string> args = ["--launch", launchFile, "--host", serverAddress.GetLoopbackBaseUri().ToString()];
        var assembly = options.Value.ResolveWorkerAssembly();
        if (!File.Exists(assembly)) throw new FileNotFoundException($"Worker assembly not found at {assembly}.");
        var (estimate, _) = await memory.CheckAsync(config, ct);
        var limit = memory.WorkerLimitBytes(config, estimate);
        logger.LogInformation("Run {RunId}: estimated {Estimate} MB, worker memory limit {Limit} MB", runId, estimate.TotalBytes >> 20, limit >> 20);
        return new WorkerLaunch(assembly, args, paths.RunDirectory(runId), credentials.Issue(runId), limit);
    }

    private async Task SuperviseAsync(WorkerProcess worker)
    {
        try
        {
            var exitCode = await worker.Exited;
            if (_stopping) return;   // StopAsync has already said why
            // A worker reports Completed/Failed itself before exiting; these only apply when it could not.
            if (worker.MemoryExceeded is { } memory)
                await telemetry.StatusAsync(worker.RunId, RunStatus.Failed,
                    $"Worker exceeded its memory limit of {memory.Limit >> 20} MB (peak {memory.Peak >> 20} MB). Lower the batch size or the model, or raise Workbench:WorkerMemoryLimitMb.");
            else if (worker.CancelRequested)
                await telemetry.StatusAsync(worker.RunId, RunStatus.Cancelled);
            else if (exitCode != 0)
                await telemetry.StatusAsync(worker.RunId, RunStatus.Failed, WorkerExit.Describe(exitCode, worker.StderrTail));
            else
                await telemetry.StatusAsync(worker.RunId, RunStatus.Failed, "The worker exited without reporting a result.");
            logger.LogInformation("Worker for run {RunId} exited with {ExitCode}", worker.RunId, exitCode);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Supervising run {RunId} failed", worker.RunId);
        }
        finally
        {
            _workers.TryRemove(KeyValuePair.Create(worker.RunId, worker));
            credentials.Revoke(worker.RunId, worker.Token);
            worker.Dispose();
            Wake();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The runs in flight cannot finish without this server: say why, then stop their workers. Should the
        // database be gone already, the next start marks them interrupted instead.
        _stopping = true;
        foreach (var worker in _workers.Values)
        {
            try
            {
                await telemetry.StatusAsync(worker.RunId, RunStatus.Interrupted, RunRecovery.StoppedReason, CancellationToken.None);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException)
            {
                logger.LogWarning("Could not mark run {RunId} interrupted at shutdown: {Message}", worker.RunId, ex.Message);
            }
            worker.Kill();
        }
        await base.StopAsync(cancellationToken);
        recovery.MarkCleanShutdown();
    }
}
