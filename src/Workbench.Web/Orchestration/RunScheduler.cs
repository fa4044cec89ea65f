using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Workbench.Experiments;
using Workbench.Storage;
using Workbench.Web.Executors;
using Workbench.Web.Hosting;
using Workbench.Web.Live;

namespace Workbench.Web.Orchestration;

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
    RunLeases leases,
    HostIdentity host,
    IOptions<WorkbenchOptions> options,
    DataPaths paths,
    IRunExecutor executor,
    Artifacts.RunArtifactGrants artifactGrants,
    IOptions<ExecutorOptions> executorOptions,
    LaunchDocumentBuilder launches,
    ReportingWorkers reporting,
    ILogger<RunScheduler> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<int, IWorkerHandle> _workers = new();
    private readonly HashSet<int> _adopted = [];
    private readonly SemaphoreSlim _wake = new(0);
    private readonly TaskCompletionSource _serverStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopping;
    private readonly StopOnce _stop = new();

    /// <summary>Looks at the queue now instead of at the next poll.</summary>
    public void Wake() => _wake.Release();

    /// <summary>Called once Kestrel listens, so workers have an address to report to.</summary>
    public void OnServerStarted() => _serverStarted.TrySetResult();

    public bool IsActive(int runId) => _workers.ContainsKey(runId);

    /// <summary>Stops a running run's worker. False when this scheduler is not running it.</summary>
    public bool RequestCancel(int runId)
    {
        if (!_workers.TryGetValue(runId, out var worker)) return false;
        StopInBackground(worker);
        return true;
    }

    // A stop takes up to the grace period (and on a cluster, scancel or a Job deletion): callers do not wait for it,
    // but a failure is logged rather than lost in an unobserved task.
    private void StopInBackground(IWorkerHandle worker) =>
        worker.CancelAsync(TimeSpan.FromSeconds(options.Value.CancelGraceSeconds))
              .ContinueWith(t => logger.LogWarning(t.Exception, "Stopping run {RunId}'s worker failed", worker.RunId),
                            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await recovery.RecoverAsync(stoppingToken);
        await _serverStarted.Task.WaitAsync(stoppingToken);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await StartQueuedRunsAsync(stoppingToken);
                await KeepLeasesAsync(stoppingToken);
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
            // One conditional UPDATE: of several hosts looking at this queue, exactly one gets the run.
            if (!await leases.TryClaimAsync(run.Id, host.Id, host.Lease, ct)) continue;   // cancelled meanwhile, or another host took it
            await telemetry.AnnounceStatusAsync(run.Id, RunStatus.Running, null);
            statuses[run.Id] = RunStatus.Running;
            free--;
            try
            {
                var runConfig = config ?? RunConfigJson.Deserialize(run.ConfigJson);
                var launch = await PrepareLaunchAsync(run.Id, runConfig, ct);
                var resources = RunResourceRequest.Resolve(runConfig.Resources, executorOptions.Value.Defaults, launch.MemoryLimitBytes);
                var worker = await executor.StartAsync(run.Id, launch, resources, ct);
                _workers[run.Id] = worker;
                await telemetry.WorkerPlacedAsync(run.Id, worker.Location, ct);
                logger.LogInformation("Run {RunId} started as {Location}", run.Id, worker.Location);
                _ = SuperviseAsync(worker, WorkerCredentials.HashOf(launch.Token));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Run {RunId} could not start", run.Id);
                await telemetry.StatusAsync(run.Id, RunStatus.Failed, ex.Message, CancellationToken.None);
            }
        }
    }

    private DateTime _nextLeaseCheck;

    /// <summary>
    /// Every third of a lease: renews this host's leases (a worker whose run is no longer held, cancelled on another host
    /// or recovered after a lost lease, is stopped), holds the runs whose worker failed over to this host from a dead one
    /// (<see cref="AdoptReportingRunsAsync"/>), and recovers runs whose host stopped renewing theirs
    /// (<see cref="RecoverLostRunsAsync"/>).
    /// </summary>
    private async Task KeepLeasesAsync(CancellationToken ct)
    {
        if (DateTime.UtcNow < _nextLeaseCheck) return;
        _nextLeaseCheck = DateTime.UtcNow + host.Lease / 3;
        var supervised = _workers.Keys.ToList();
        var held = (await leases.RenewAsync(host.Id, supervised, host.Lease, ct)).ToHashSet();
        foreach (var runId in supervised.Where(id => !held.Contains(id)))
            if (_workers.TryGetValue(runId, out var worker) && !worker.CancelRequested && !worker.Exited.IsCompleted)
            {
                logger.LogInformation("Run {RunId} is no longer this host's to run; stopping its worker", runId);
                StopInBackground(worker);
            }
        await AdoptReportingRunsAsync(ct);
        await RecoverLostRunsAsync(ct);
    }

    // A worker that outlived its host (a cluster job, or one started outside any host) reports here now: while it does, this
    // host holds the run, so no host recovers it under the worker's feet, and its reports are stored and fanned out as before.
    private async Task AdoptReportingRunsAsync(CancellationToken ct)
    {
        var reportingHere = reporting.Live(host.Lease).Where(id => !_workers.ContainsKey(id)).ToList();
        var (held, revived) = await leases.AdoptAsync(host.Id, reportingHere, host.Lease, ct);
        foreach (var runId in held.Where(_adopted.Add))
        {
            logger.LogWarning("Run {RunId}: its worker reports to this host now (its own host stopped renewing); this host holds the run", runId);
            await AttachAsync(runId, ct);
        }
        foreach (var runId in revived) await telemetry.AnnounceStatusAsync(runId, RunStatus.Running, null);
        _adopted.IntersectWith(held);
    }

    // An adopted run whose worker the executor can reach from its recorded location (a Slurm job, a Kubernetes Job) is
    // supervised from then on as if this host had started it: Cancel reaches the job, and a job that dies outside the worker
    // fails the run with the cluster's reason instead of waiting for the lease to run out. One it cannot reach (a dead
    // host's child process) is only held while it reports.
    private async Task AttachAsync(int runId, CancellationToken ct)
    {
        if (await store.WorkerLocationAsync(runId, ct) is not { } location) return;
        var tokenHash = credentials.StoredHash(runId);   // read before the job can end and a resume issue a new one
        IWorkerHandle? worker;
        try
        {
            worker = await executor.AttachAsync(runId, location, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Run {RunId}: attaching to its worker {Location} failed; the run is held while it reports", runId, location);
            return;
        }
        if (worker is null) return;
        _workers[runId] = worker;
        logger.LogWarning("Run {RunId}: attached to its worker {Location}; this host supervises it now", runId, location);
        _ = SuperviseAsync(worker, tokenHash);
    }

    // A run whose host stopped renewing its lease (and whose worker reports to no host that adopted it) has lost its worker:
    // it is interrupted, the checkpoints its worker wrote after its last report are registered, and it is queued again to
    // resume from the newest (on whichever host claims it; the steps after that checkpoint are redone, their points replaced).
    // Without a resumable checkpoint it stays interrupted, saying why. The grace leaves a host the worker failed over to a
    // lease check's time to adopt the run first.
    private async Task RecoverLostRunsAsync(CancellationToken ct)
    {
        foreach (var (runId, reason) in await leases.RecoverExpiredAsync(host.Lease / 2, ct))
        {
            logger.LogWarning("Run {RunId} recovered: {Reason}", runId, reason);
            await telemetry.AnnounceStatusAsync(runId, RunStatus.Interrupted, reason);
            await recovery.RegisterUnreportedAsync(runId, ct);
            if (await RunService.LatestResumableAsync(store, runId, ct) is not { } checkpoint)
            {
                logger.LogWarning("Run {RunId} has no resumable checkpoint; it stays interrupted", runId);
                continue;
            }
            await EndOrphanedJobAsync(runId, await store.WorkerLocationAsync(runId, ct), ct);
            if (!await store.RequeueForResumeAsync(runId, checkpoint.Step, ct)) continue;   // resumed or deleted meanwhile
            logger.LogWarning("Run {RunId} queued again to resume from its checkpoint at step {Step}", runId, checkpoint.Step);
            await telemetry.AnnounceStatusAsync(runId, RunStatus.Queued, null);
            Wake();
        }
    }

    // A cluster job whose host died and whose worker never got through to another host may still be training. Its run is
    // about to resume in a new job, whose token shuts the old one out: the old job is ended first, not left to hold a node
    // and to report steps past the checkpoint the run resumes from.
    private async Task EndOrphanedJobAsync(int runId, string? location, CancellationToken ct)
    {
        if (location is null) return;
        try
        {
            using var orphan = await executor.AttachAsync(runId, location, ct);
            if (orphan is null) return;
            logger.LogWarning("Run {RunId}: ending its old worker {Location}, which never reported to a host after its own died", runId, location);
            orphan.Kill();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Run {RunId}: ending its old worker {Location} failed", runId, location);
        }
    }

    private static RunConfig? TryParse(string configJson)
    {
        try { return RunConfigJson.Deserialize(configJson); }
        catch (System.Text.Json.JsonException) { return null; }   // fails with the parser's message at launch
    }

    private async Task<WorkerLaunch> PrepareLaunchAsync(int runId, RunConfig config, CancellationToken ct)
    {
        // The worker's only inputs: its launch document and the host's address (its token follows on stdin). Every
        // executor starts this same command; a remote one reaches the host at its configured address, and one without the
        // host's disk fetches the document from there by its run's id.
        var shared = executor.SharedDisk;
        var launchFile = await launches.WriteAsync(runId, config, RunProtocol.Launch.WorkerCredentialsReference.Stdin, ct,
            hostUrls: executorOptions.Value.FailoverHostUrls, sharedDisk: shared);
        var hostUri = executor.WorkerHostUri ?? serverAddress.GetLoopbackBaseUri();
        List<string> args = shared ? ["--launch", launchFile, "--host", hostUri.ToString()]
            : ["--run-id", runId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--host", hostUri.ToString()];
        var assembly = options.Value.ResolveWorkerAssembly();
        if (!File.Exists(assembly)) throw new FileNotFoundException($"Worker assembly not found at {assembly}.");
        var (estimate, _) = await memory.CheckAsync(config, ct);
        var limit = memory.WorkerLimitBytes(config, estimate);
        logger.LogInformation("Run {RunId}: estimated {Estimate} MB, worker memory limit {Limit} MB", runId, estimate.TotalBytes >> 20, limit >> 20);
        var workDirectory = shared ? paths.RunDirectory(runId) : executorOptions.Value.ResolveWorkerDirectory();
        return new WorkerLaunch(assembly, args, workDirectory, credentials.Issue(runId), limit, options.Value.WorkerAllocator, options.Value.WorkerThreadWait);
    }

    /// <summary>Watches the worker to its end and says how the run ended; never throws (failures are logged), so callers do not await it.</summary>
    /// <param name="tokenHash">The worker's token as stored (<see cref="WorkerCredentials.StoredHash"/>), revoked when it ends; null when none was stored.</param>
    private async Task SuperviseAsync(IWorkerHandle worker, string? tokenHash)
    {
        try
        {
            var outcome = await worker.Exited;
            // A worker awaits each batch's acknowledgement, so one that exited on its own has had all of its reports applied;
            // a killed one may have batches still queued here. They are refused from now on and the one being written lands
            // first: nothing of this worker arrives after its run is marked ended, or after a resume cut the run's history.
            if (tokenHash is not null) credentials.RevokeStored(worker.RunId, tokenHash);
            await telemetry.DrainAsync(worker.RunId);
            if (_stopping) return;   // StopAsync has already said why
            // Reports trail the worker (a busy host hears them seconds late) and the worker prunes older step folders
            // meanwhile, so the checkpoints it wrote last may never have been registered: registered before the run is
            // marked ended, Resume finds them the moment the page offers it.
            await recovery.RegisterUnreportedAsync(worker.RunId, CancellationToken.None);
            // A worker reports Completed/Failed itself before exiting; these only apply when it could not.
            if (outcome is { OverridesCancel: true, Failure: { } limit })
                await telemetry.StatusAsync(worker.RunId, RunStatus.Failed, limit);
            else if (worker.CancelRequested)
                await telemetry.StatusAsync(worker.RunId, RunStatus.Cancelled);
            else
                await telemetry.StatusAsync(worker.RunId, RunStatus.Failed, outcome.Failure ?? "The worker exited without reporting a result.");
            logger.LogInformation("Worker for run {RunId} ({Location}) exited with {ExitCode}", worker.RunId, worker.Location, outcome.ExitCode);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Supervising run {RunId} failed", worker.RunId);
        }
        finally
        {
            _workers.TryRemove(KeyValuePair.Create(worker.RunId, worker));
            if (tokenHash is not null) credentials.RevokeStored(worker.RunId, tokenHash);
            artifactGrants.Revoke(worker.RunId);
            worker.Dispose();
            Wake();
        }
    }

    /// <summary>Stops once (<see cref="StopOnce"/>): a second pass must not mark runs again after the server was reported stopped.</summary>
    public override Task StopAsync(CancellationToken cancellationToken) => _stop.Run(() => StopOnceAsync(cancellationToken));

    private async Task StopOnceAsync(CancellationToken cancellationToken)
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
