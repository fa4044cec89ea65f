using System.Threading.Channels;
using MessagePack;
using MessagePack.Resolvers;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Experiments;
using Workbench.Experiments.Evaluation;
using Workbench.Experiments.Leaf;
using Workbench.Experiments.OnPolicy;

namespace Workbench.Worker;

/// <summary>
/// Reports to the web host's hub. The trainer's calls only enqueue; a pump sends at most one metrics batch per
/// <see cref="FlushInterval"/> (plus the latest progress), so the step rate never sets the message rate.
/// Other events keep their order relative to the metrics around them.
/// </summary>
public sealed class HubSink : ITrainingSink
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(100);

    private readonly HubConnection _connection;
    private readonly int _runId;
    private readonly Channel<object> _events = Channel.CreateUnbounded<object>(new() { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Task _pump;
    private RunProgress? _latestProgress;

    private HubSink(HubConnection connection, int runId)
    {
        _connection = connection;
        _runId = runId;
        _pump = Task.Run(PumpAsync);
    }

    public static async Task<HubSink> ConnectAsync(Uri hub, int runId, string token, CancellationToken ct)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(hub, o => o.Headers[WorkerProtocol.TokenHeader] = token)
            .AddMessagePackProtocol(o => o.SerializerOptions = MessagePackSerializerOptions.Standard
                .WithResolver(ContractlessStandardResolver.Instance).WithSecurity(MessagePackSecurity.UntrustedData))
            .WithAutomaticReconnect()
            .Build();
        await connection.StartAsync(ct);
        return new HubSink(connection, runId);
    }

    public void Started(RunStarted info) => _events.Writer.TryWrite(info);
    public void Metrics(IReadOnlyList<MetricPoint> points) => _events.Writer.TryWrite(points);
    public void Progress(RunProgress progress) => Volatile.Write(ref _latestProgress, progress);
    public void CheckpointSaved(CheckpointSaved checkpoint) => _events.Writer.TryWrite(checkpoint);
    public void Stage(RunStageProgress stage) => _events.Writer.TryWrite(stage);
    public void Detected(IReadOnlyList<DetectedSample> samples) => _events.Writer.TryWrite(samples.ToArray());
    public void Attention(AttentionSnapshot snapshot) => _events.Writer.TryWrite(snapshot);
    public void Predictions(EvalPredictions predictions) => _events.Writer.TryWrite(predictions);
    public void StudentSamples(PolicySamples samples) => _events.Writer.TryWrite(samples);

    public async Task FlushAsync() => await SendPendingAsync();

    public async Task CompletedAsync() => await _connection.InvokeAsync(WorkerProtocol.ReportCompleted, _runId);

    public async Task FailedAsync(string reason) => await _connection.InvokeAsync(WorkerProtocol.ReportFailed, _runId, reason);

    private async Task PumpAsync()
    {
        using var timer = new PeriodicTimer(FlushInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try { await SendPendingAsync(); }
                catch (Exception ex) when (ex is not OperationCanceledException) { Console.Error.WriteLine($"Reporting failed: {ex.Message}"); }
            }
        }
        catch (OperationCanceledException) { }
    }

    private async Task SendPendingAsync()
    {
        await _sendLock.WaitAsync();
        try
        {
            var batch = new List<MetricPoint>();
            while (_events.Reader.TryRead(out var item))
            {
                if (item is IReadOnlyList<MetricPoint> points) { batch.AddRange(points); continue; }
                await SendMetricsAsync(batch);
                if (item is CheckpointSaved checkpoint)
                {
                    await SendCheckpointAsync(checkpoint);
                    continue;
                }
                await (item switch
                {
                    RunStarted started => _connection.InvokeAsync(WorkerProtocol.ReportStarted, _runId, started),
                    RunStageProgress stage => _connection.InvokeAsync(WorkerProtocol.ReportStage, _runId, stage),
                    DetectedSample[] samples => _connection.InvokeAsync(WorkerProtocol.ReportDetection, _runId, samples),
                    AttentionSnapshot snapshot => _connection.InvokeAsync(WorkerProtocol.ReportAttention, _runId, snapshot),
                    EvalPredictions predictions => _connection.InvokeAsync(WorkerProtocol.ReportPredictions, _runId, predictions),
                    PolicySamples samples => _connection.InvokeAsync(WorkerProtocol.ReportPolicySamples, _runId, samples),
                    _ => Task.CompletedTask,
                });
            }
            await SendMetricsAsync(batch);
            if (Interlocked.Exchange(ref _latestProgress, null) is { } progress)
                await _connection.InvokeAsync(WorkerProtocol.ReportProgress, _runId, progress);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    // Intermediate checkpoints beyond the newest few are deleted as training goes on; one deleted before this pump got to
    // it is refused by the hub (it checks the file exists) and is simply no longer a checkpoint, not a reason to fail the run.
    private async Task SendCheckpointAsync(CheckpointSaved checkpoint)
    {
        if (!File.Exists(checkpoint.Path)) return;
        try { await _connection.InvokeAsync(WorkerProtocol.ReportCheckpoint, _runId, checkpoint); }
        catch (HubException ex) when (!File.Exists(checkpoint.Path)) { Console.Error.WriteLine($"Checkpoint {checkpoint.Path} was pruned before it was reported: {ex.Message}"); }
    }

    private async Task SendMetricsAsync(List<MetricPoint> batch)
    {
        if (batch.Count == 0) return;
        await _connection.InvokeAsync(WorkerProtocol.ReportMetrics, _runId, batch.ToArray());
        batch.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _pump;
        await _connection.DisposeAsync();
        _stop.Dispose();
    }
}
