using Microsoft.AspNetCore.SignalR;
using Workbench.Experiments;
using Workbench.Experiments.Leaf;
using Workbench.Storage;
using Workbench.ModelFolders;

namespace Workbench.Web.Live;

/// <summary>
/// Takes what workers report: persists it first (so metrics already written stay written), then fans it out
/// to pages (in-process feed) and to SignalR subscribers.
/// </summary>
public sealed class RunTelemetry(RunStore store, LeafStore leaf, PredictionStore predictions, RunEventFeed feed, IHubContext<RunsHub> hub, Hosting.DataPaths paths,
    ILogger<RunTelemetry> logger)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, long> _maxStep = new();

    /// <summary>Stores and announces the points within <see cref="MetricBounds"/>; drops the others with a log line.</summary>
    public async Task MetricsAsync(int runId, IReadOnlyList<MetricPoint> points, CancellationToken ct = default)
    {
        if (!_maxStep.TryGetValue(runId, out var maxStep))
        {
            var run = await store.GetAsync(runId, ct);
            if (run is null) return;
            _maxStep[runId] = maxStep = MetricBounds.MaxStep(run.TotalSteps);
        }
        var kept = points.Where(p => MetricBounds.Problem(p, maxStep) is null).ToList();
        if (kept.Count < points.Count)
        {
            var dropped = points.First(p => MetricBounds.Problem(p, maxStep) is not null);
            logger.LogWarning("Run {RunId}: dropped {Count} metric point(s) from its worker, e.g. one with {Problem}",
                runId, points.Count - kept.Count, MetricBounds.Problem(dropped, maxStep));
        }
        if (kept.Count == 0) return;
        await store.AppendMetricsAsync(runId, kept, ct);
        feed.Publish(new MetricsArrived(runId, kept));
    }

    public async Task ProgressAsync(int runId, RunProgress progress, CancellationToken ct = default)
    {
        await store.RecordProgressAsync(runId, progress, ct);
        feed.Publish(new ProgressChanged(runId, progress));
    }

    public async Task StageAsync(int runId, RunStageProgress stage, CancellationToken ct = default)
    {
        await leaf.RecordStageAsync(runId, stage, ct);
        feed.Publish(new StageChanged(runId, stage));
    }

    public async Task DetectedAsync(int runId, IReadOnlyList<DetectedSample> samples, CancellationToken ct = default)
    {
        await leaf.AddDetectedAsync(runId, samples, ct);
        feed.Publish(new SamplesDetected(runId, samples));
    }

    public async Task AttentionAsync(int runId, AttentionSnapshot snapshot, CancellationToken ct = default)
    {
        await leaf.AddAttentionAsync(runId, snapshot, ct);
        feed.Publish(new AttentionCaptured(runId, snapshot));
    }

    /// <summary>Stores an evaluation set's predictions; pages read them on demand, so nothing is fanned out.</summary>
    public Task PredictionsAsync(int runId, Workbench.Experiments.Evaluation.EvalPredictions report, CancellationToken ct = default) =>
        predictions.AddAsync(runId, report, ct);

    public async Task StartedAsync(int runId, RunStarted info, CancellationToken ct = default)
    {
        await store.RecordStartedAsync(runId, info, ct);
        feed.Publish(new WorkerStarted(runId, info));
    }

    /// <summary>
    /// Records a checkpoint file, which must be a regular file inside the run's own folder with every link resolved (it is
    /// later handed to other workers, and Delete removes the folder).
    /// </summary>
    public Task CheckpointAsync(int runId, CheckpointSaved checkpoint, CancellationToken ct = default)
    {
        var runDirectory = CanonicalPath.Resolve(paths.RunDirectory(runId));
        string path;
        try
        {
            path = SafeFolderFile.Check(checkpoint.Path, roots: [runDirectory]);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
        {
            throw new HubException($"Checkpoint path must be an existing file inside {runDirectory}.");
        }
        if (!CanonicalPath.IsUnder(path, runDirectory) || path == runDirectory)
            throw new HubException($"Checkpoint path must be an existing file inside {runDirectory}.");
        return store.AddCheckpointAsync(runId, checkpoint with { Path = path }, ct);
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

    public async Task AnnounceStatusAsync(int runId, RunStatus status, string? error)
    {
        feed.Publish(new StatusChanged(runId, status, error));
        await hub.Clients.Group(RunsHub.StatusGroup).SendAsync(WorkerProtocol.RunStatusChanged, runId, status.ToString(), error);
    }
}
