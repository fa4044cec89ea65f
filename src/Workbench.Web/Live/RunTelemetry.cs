using Microsoft.AspNetCore.SignalR;
using Workbench.Experiments;
using Workbench.Experiments.Leaf;
using Workbench.Storage;
using Workbench.Web.Hubs;

namespace Workbench.Web.Live;

/// <summary>
/// Takes what workers report: persists it first (so metrics already written stay written), then fans it out
/// to pages (in-process feed) and to SignalR subscribers.
/// </summary>
public sealed class RunTelemetry(RunStore store, LeafStore leaf, PredictionStore predictions, RunEventFeed feed, IHubContext<RunsHub> hub, Hosting.DataPaths paths)
{
    public async Task MetricsAsync(int runId, IReadOnlyList<MetricPoint> points, CancellationToken ct = default)
    {
        await store.AppendMetricsAsync(runId, points, ct);
        feed.Publish(new MetricsArrived(runId, points));
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

    /// <summary>Records a checkpoint file, which must lie inside the run's own folder (it is later handed to other workers).</summary>
    public Task CheckpointAsync(int runId, CheckpointSaved checkpoint, CancellationToken ct = default)
    {
        var runDirectory = Path.GetFullPath(paths.RunDirectory(runId)) + Path.DirectorySeparatorChar;
        var path = Path.GetFullPath(checkpoint.Path);
        if (!path.StartsWith(runDirectory, StringComparison.Ordinal) || !File.Exists(path))
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
