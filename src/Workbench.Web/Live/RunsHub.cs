using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Workbench.Experiments;
using Workbench.RunProtocol;
using Workbench.Storage;

namespace Workbench.Web.Live;

/// <summary>
/// Workers report into runs here (<see cref="Report"/>, each batch with its run's own token, checked every time); scripts
/// and tests follow runs (<see cref="StreamMetrics"/>, status events). Pages use the in-process feed instead.
/// </summary>
public sealed class RunsHub(RunTelemetry telemetry, RunStore store, RunEventFeed feed, WorkerCredentials credentials, ReportingWorkers reporting)
    : Hub<IRunsClient>, IRunsHub
{
    public const string StatusGroup = "run-status";
    private const int HistoryChunk = 2_000;
    private const string TokenKey = "worker-token";

    public override Task OnConnectedAsync()
    {
        Context.Items[TokenKey] = Context.GetHttpContext()?.Request.Headers[RunsHubEndpoint.TokenHeader].ToString();
        return base.OnConnectedAsync();
    }

    // The token must be the live one of this very run: a worker for run 5 cannot write into, or fail, run 6.
    public Task<long> Report(ReportBatch batch)
    {
        var token = Context.Items[TokenKey] as string;
        if (!credentials.Allows(batch.RunId, token))
            throw new HubException(RunsHubEndpoint.RefusalPrefix + (credentials.IsWorker(token)
                ? $"this worker may not report into run {batch.RunId}."
                : "only Workbench workers may report into runs."));
        if (batch.Reports.Any(r => r is null || r.RunId != batch.RunId))
            throw new HubException($"{RunsHubEndpoint.RefusalPrefix}every report of a batch must belong to run {batch.RunId}.");
        reporting.Heard(batch.RunId, finished: batch.Reports.Any(r => r is RunProtocol.Reports.FinishedReport));
        // Asked again when the batch's turn comes: its worker may have been declared ended meanwhile. A batch half written
        // because its sender left would be half applied, so no cancellation.
        return telemetry.IngestAsync(batch, () => credentials.Allows(batch.RunId, token), CancellationToken.None);
    }

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
            else if (runEvent is ReportingHostChanged)
            {
                // Points a dead host stored but never relayed: read again from the database, past what this stream has.
                var missed = tail.TakeNew(await store.GetMetricsAsync(runId, ct));
                for (var i = 0; i < missed.Count; i += HistoryChunk)
                    yield return missed.Skip(i).Take(HistoryChunk).ToArray();
            }
            else if (runEvent is StatusChanged { Status: var status } && status.IsTerminal())
                yield break;
        }
    }
}
