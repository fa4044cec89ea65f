using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Workbench.Experiments;
using Workbench.RunProtocol;
using Workbench.RunProtocol.Reports;
using Workbench.Storage;
using Workbench.ModelFolders;

namespace Workbench.Web.Live;

/// <summary>
/// Takes what workers report, a batch at a time: drops what the host will not store (metric points out of bounds, checkpoint
/// paths outside the run's folder; each with a log line), writes the reports it has not applied yet (by sequence) through
/// <see cref="RunReportWriter"/>, and only then publishes the same reports to pages (in-process feed) and to SignalR
/// subscribers, inline: no queue sits between persisting and publishing.
/// </summary>
public sealed class RunTelemetry(RunStore store, RunReportWriter writer, RunEventFeed feed, IHubContext<RunsHub, IRunsClient> hub, Hosting.DataPaths paths,
    Hosting.StartupRecoveryGate recovered, ILogger<RunTelemetry> logger)
{
    private readonly ConcurrentDictionary<int, long> _maxStep = new();
    private readonly ConcurrentDictionary<int, SemaphoreSlim> _ingesting = new();

    /// <summary>
    /// Applies <paramref name="batch"/> once and in order; returns the run's highest applied sequence. One batch of a run at
    /// a time (a redelivery on a new connection may overlap the first delivery), so every report kind is applied once.
    /// <paramref name="senderStillAllowed"/> is asked again once the batch has the run to itself: a killed worker's last
    /// batches can wait here past the end of its run (and past a resume), and must not land then (see <see cref="DrainAsync"/>).
    /// </summary>
    public async Task<long> IngestAsync(ReportBatch batch, Func<bool> senderStillAllowed, CancellationToken ct = default)
    {
        var gate = Gate(batch.RunId);
        await gate.WaitAsync(ct);
        try
        {
            if (!senderStillAllowed())
                throw new HubException($"{RunsHubEndpoint.RefusalPrefix}run {batch.RunId}'s worker has ended; its reports are no longer taken.");
            return await IngestOneAtATimeAsync(batch, ct);
        }
        finally { gate.Release(); }
    }

    /// <summary>
    /// Waits for the batch of <paramref name="runId"/> being written, if any. After its worker's token is revoked, nothing that
    /// worker sent lands once this returns: the batches still queued are refused (<see cref="IngestAsync"/>).
    /// </summary>
    public async Task DrainAsync(int runId)
    {
        var gate = Gate(runId);
        await gate.WaitAsync();
        gate.Release();
    }

    private SemaphoreSlim Gate(int runId) => _ingesting.GetOrAdd(runId, _ => new SemaphoreSlim(1, 1));

    private async Task<long> IngestOneAtATimeAsync(ReportBatch batch, CancellationToken ct)
    {
        var runId = batch.RunId;
        var firstHeard = !_maxStep.TryGetValue(runId, out var maxStep);
        if (firstHeard)
        {
            // The first batch this host hears for the run: a run marked interrupted when the host (re)started is running
            // after all, its worker lives elsewhere and is still reporting (asked once that marking is done).
            await recovered.Opened.WaitAsync(ct);
            var run = await store.GetAsync(runId, ct) ?? throw new HubException($"{RunsHubEndpoint.RefusalPrefix}run {runId} does not exist.");
            _maxStep[runId] = maxStep = MetricBounds.MaxStep(run.TotalSteps);
            if (run.Status == RunStatus.Interrupted && await store.TryReviveAsync(runId, ct)) await AnnounceStatusAsync(runId, RunStatus.Running, null);
        }
        var accepted = new List<RunReport>(batch.Reports.Length);
        foreach (var report in batch.Reports)
            if (Accept(runId, report, maxStep) is { } kept) accepted.Add(kept);
        var (applied, sequence) = await writer.WriteAsync(runId, accepted, ct);
        if (firstHeard) feed.Publish(new ReportingHostChanged(runId));   // stored first, so a re-read of the history covers this batch too
        foreach (var report in applied) await PublishAsync(runId, report, ct);
        return sequence;
    }

    private RunReport? Accept(int runId, RunReport report, long maxStep) => report switch
    {
        MetricsReport metrics => KeepInBounds(runId, metrics, maxStep),
        CheckpointReport checkpoint => KeepInRunFolder(runId, checkpoint),
        PolicySamplesReport policy => policy with { Samples = policy.Samples.Bounded() },   // a worker's report is untrusted: capped before it is stored
        // A worker stops on a cancel line whoever sent it: this host (the run is cancelled when the worker exits) or a
        // cluster scheduler's signal (scancel, a deleted Job: the run fails with the scheduler's reason). That call is the
        // host's (RunScheduler), as it was before reports were typed; the worker's own word only counts when it completed or failed.
        FinishedReport { Status: RunStatus.Cancelled } => null,
        _ => report,
    };

    private MetricsReport KeepInBounds(int runId, MetricsReport metrics, long maxStep)
    {
        var kept = metrics.Points.Where(p => MetricBounds.Problem(p, maxStep) is null).ToArray();
        if (kept.Length == metrics.Points.Length) return metrics;
        var dropped = metrics.Points.First(p => MetricBounds.Problem(p, maxStep) is not null);
        logger.LogWarning("Run {RunId}: dropped {Count} metric point(s) from its worker, e.g. one with {Problem}",
            runId, metrics.Points.Length - kept.Length, MetricBounds.Problem(dropped, maxStep));
        return metrics with { Points = kept };
    }

    /// <summary>
    /// A checkpoint must be a regular file inside the run's own folder with every link resolved (it is later handed to other
    /// workers, and Delete removes the folder). Intermediate checkpoints are pruned as training goes on, so one already gone
    /// is skipped too.
    /// </summary>
    private CheckpointReport? KeepInRunFolder(int runId, CheckpointReport report)
    {
        var runDirectory = CanonicalPath.Resolve(paths.RunDirectory(runId));
        try
        {
            var path = SafeFolderFile.Check(report.Checkpoint.Path, roots: [runDirectory]);
            if (CanonicalPath.IsUnder(path, runDirectory) && path != runDirectory)
                return report with { Checkpoint = report.Checkpoint with { Path = path } };
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
        {
        }
        if (WasPruned(report.Checkpoint.Path, runDirectory))
            logger.LogInformation("Run {RunId}: checkpoint {Path} was pruned by its worker before this host heard of it; not registered", runId, report.Checkpoint.Path);
        else
            logger.LogWarning("Run {RunId}: checkpoint {Path} is not an existing file inside {RunDirectory}; not registered", runId, report.Checkpoint.Path, runDirectory);
        return null;
    }

    // Gone from where the run's own step folders are: its worker keeps only the newest few.
    private static bool WasPruned(string path, string runDirectory)
    {
        try { return !File.Exists(path) && CanonicalPath.IsUnder(Path.GetFullPath(path), runDirectory); }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException) { return false; }
    }

    private async Task PublishAsync(int runId, RunReport report, CancellationToken ct)
    {
        switch (report)
        {
            case MetricsReport { Points.Length: > 0 } metrics: feed.Publish(new MetricsArrived(runId, metrics.Points)); break;
            case ProgressReport progress: feed.Publish(new ProgressChanged(runId, progress.Progress)); break;
            case StartedReport started: feed.Publish(new WorkerStarted(runId, started.Info)); break;
            case StageReport stage: feed.Publish(new StageChanged(runId, stage.Stage)); break;
            case DetectedReport detected: feed.Publish(new SamplesDetected(runId, detected.Samples)); break;
            case AttentionReport attention: feed.Publish(new AttentionCaptured(runId, attention.Snapshot)); break;
            case PolicySamplesReport policy: feed.Publish(new PolicySamplesReported(runId, policy.Samples)); break;
            case FinishedReport finished:
                // Announced only when the report moved the run (a run cancelled from the page stays cancelled).
                if ((await store.GetAsync(runId, ct))?.Status == finished.Status) await AnnounceStatusAsync(runId, finished.Status, finished.Error);
                break;
        }
    }

    /// <summary>Moves the run to <paramref name="status"/> unless it is already terminal; announces real changes.</summary>
    public async Task<bool> StatusAsync(int runId, RunStatus status, string? error = null, CancellationToken ct = default)
    {
        var changed = status == RunStatus.Running
            ? await store.TryMarkRunningAsync(runId, ct)
            : await store.FinishAsync(runId, status, error, ct);
        if (changed) await AnnounceStatusAsync(runId, status, error);
        return changed;
    }

    /// <summary>Records where the run's worker runs and tells the pages, which otherwise learn it only on their next reload.</summary>
    public async Task WorkerPlacedAsync(int runId, string location, CancellationToken ct = default)
    {
        await store.SetWorkerLocationAsync(runId, location, ct);
        feed.Publish(new WorkerPlaced(runId, location));
    }

    public async Task AnnounceStatusAsync(int runId, RunStatus status, string? error)
    {
        feed.Publish(new StatusChanged(runId, status, error));
        await hub.Clients.Group(RunsHub.StatusGroup).RunStatusChanged(runId, status.ToString(), error);
    }
}
