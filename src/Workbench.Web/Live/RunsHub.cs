using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Workbench.Experiments;
using Workbench.Experiments.Evaluation;
using Workbench.Experiments.Leaf;
using Workbench.Storage;

namespace Workbench.Web.Live;

/// <summary>
/// Workers report into runs here (Report*, each with its run's own token, checked on every report); scripts and tests follow runs
/// (<see cref="StreamMetrics"/>, status events). Pages use the in-process feed instead.
/// </summary>
public sealed class RunsHub(RunTelemetry telemetry, RunStore store, RunEventFeed feed, WorkerCredentials credentials) : Hub
{
    public const string StatusGroup = "run-status";
    private const int HistoryChunk = 2_000;
    private const string TokenKey = "worker-token";

    public override Task OnConnectedAsync()
    {
        Context.Items[TokenKey] = Context.GetHttpContext()?.Request.Headers[WorkerProtocol.TokenHeader].ToString();
        return base.OnConnectedAsync();
    }

    public Task ReportStarted(int runId, RunStarted info) => AsWorker(runId, () => telemetry.StartedAsync(runId, info));

    public Task ReportMetrics(int runId, MetricPoint[] points) => AsWorker(runId, () => telemetry.MetricsAsync(runId, points));

    public Task ReportProgress(int runId, RunProgress progress) => AsWorker(runId, () => telemetry.ProgressAsync(runId, progress));

    public Task ReportCheckpoint(int runId, CheckpointSaved checkpoint) => AsWorker(runId, () => telemetry.CheckpointAsync(runId, checkpoint));

    public Task ReportStage(int runId, RunStageProgress stage) => AsWorker(runId, () => telemetry.StageAsync(runId, stage));

    public Task ReportDetection(int runId, DetectedSample[] samples) => AsWorker(runId, () => telemetry.DetectedAsync(runId, samples));

    public Task ReportAttention(int runId, AttentionSnapshot snapshot) => AsWorker(runId, () => telemetry.AttentionAsync(runId, snapshot));

    public Task ReportPredictions(int runId, EvalPredictions predictions) => AsWorker(runId, () => telemetry.PredictionsAsync(runId, predictions));

    public Task ReportCompleted(int runId) => AsWorker(runId, () => telemetry.StatusAsync(runId, RunStatus.Completed));

    public Task ReportFailed(int runId, string reason) => AsWorker(runId, () => telemetry.StatusAsync(runId, RunStatus.Failed, reason));

    public Task SubscribeRuns() => Groups.AddToGroupAsync(Context.ConnectionId, StatusGroup);

    /// <summary>The run's metric history, then its live tail, with no gap and no duplicates; ends with the run.</summary>
    public async IAsyncEnumerable<MetricPoint[]> StreamMetrics(int runId, [EnumeratorCancellation] CancellationToken ct)
    {
        var live = Channel.CreateUnbounded<RunEvent>(new UnboundedChannelOptions { SingleReader = true });
        using var subscription = feed.Subscribe(runId, e => live.Writer.TryWrite(e));   // subscribe before reading history
        var run = await store.GetAsync(runId, ct) ?? throw new HubException($"Run {runId} does not exist.");
        var tail = new MetricTail();
        var history = tail.TakeNew(await store.GetMetricsAsync(runId, ct));
        for (var i = 0; i < history.Count; i += HistoryChunk)
            yield return history.Skip(i).Take(HistoryChunk).ToArray();
        if (run.Status.IsTerminal()) yield break;

        await foreach (var runEvent in live.Reader.ReadAllAsync(ct))
        {
            if (runEvent is MetricsArrived arrived && tail.TakeNew(arrived.Points) is { Count: > 0 } fresh)
                yield return fresh.ToArray();
            else if (runEvent is StatusChanged { Status: var status } && status.IsTerminal())
                yield break;
        }
    }

    // The token must be the live one of this very run: a worker for run 5 cannot write into, or fail, run 6.
    private Task AsWorker(int runId, Func<Task> report)
    {
        var token = Context.Items[TokenKey] as string;
        if (credentials.Allows(runId, token)) return report();
        throw new HubException(credentials.IsWorker(token)
            ? $"This worker may not report into run {runId}."
            : "Only Workbench workers may report into runs.");
    }
}
