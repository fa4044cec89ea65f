using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Workbench.Experiments;
using Workbench.Experiments.Evaluation;
using Workbench.Experiments.Leaf;
using Workbench.Storage;
using Workbench.Web.Live;

namespace Workbench.Web.Hubs;

/// <summary>
/// Workers report into runs here (Report*, with the worker token); scripts and tests follow runs
/// (<see cref="StreamMetrics"/>, status events). Pages use the in-process feed instead.
/// </summary>
public sealed class RunsHub(RunTelemetry telemetry, RunStore store, RunEventFeed feed, WorkerToken token) : Hub
{
    public const string StatusGroup = "run-status";
    private const int HistoryChunk = 2_000;

    public override Task OnConnectedAsync()
    {
        var header = Context.GetHttpContext()?.Request.Headers[WorkerProtocol.TokenHeader].ToString();
        Context.Items["worker"] = token.Matches(header);
        return base.OnConnectedAsync();
    }

    public Task ReportStarted(int runId, RunStarted info) => AsWorker(() => telemetry.StartedAsync(runId, info));

    public Task ReportMetrics(int runId, MetricPoint[] points) => AsWorker(() => telemetry.MetricsAsync(runId, points));

    public Task ReportProgress(int runId, RunProgress progress) => AsWorker(() => telemetry.ProgressAsync(runId, progress));

    public Task ReportCheckpoint(int runId, CheckpointSaved checkpoint) => AsWorker(() => telemetry.CheckpointAsync(runId, checkpoint));

    public Task ReportStage(int runId, RunStageProgress stage) => AsWorker(() => telemetry.StageAsync(runId, stage));

    public Task ReportDetection(int runId, DetectedSample[] samples) => AsWorker(() => telemetry.DetectedAsync(runId, samples));

    public Task ReportAttention(int runId, AttentionSnapshot snapshot) => AsWorker(() => telemetry.AttentionAsync(runId, snapshot));

    public Task ReportPredictions(int runId, EvalPredictions predictions) => AsWorker(() => telemetry.PredictionsAsync(runId, predictions));

    public Task ReportCompleted(int runId) => AsWorker(() => telemetry.StatusAsync(runId, RunStatus.Completed));

    public Task ReportFailed(int runId, string reason) => AsWorker(() => telemetry.StatusAsync(runId, RunStatus.Failed, reason));

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

    private Task AsWorker(Func<Task> report) =>
        Context.Items["worker"] is true ? report() : throw new HubException("Only Workbench workers may report into runs.");
}
