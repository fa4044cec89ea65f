using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Workbench.Experiments;
using Workbench.Experiments.Evaluation;
using Workbench.Experiments.Leaf;
using Workbench.Experiments.OnPolicy;
using Workbench.Storage;

namespace Workbench.Worker;

/// <summary>
/// Headless reporting into a SQLite file with the web host's schema (migrations applied on open), so a scripted run's
/// results open in the workbench or any SQLite tool. The trainer's calls only enqueue; one writer drains the queue,
/// one transaction per metrics batch, as the host's ingestor does.
/// </summary>
public sealed class DbSink : ITrainingSink
{
    private readonly RunStore _runs;
    private readonly LeafStore _leaf;
    private readonly PredictionStore _predictions;
    private readonly PolicySampleStore _policySamples;
    private readonly Channel<object> _events = Channel.CreateUnbounded<object>(new() { SingleReader = true });
    private readonly Task _writer;
    private RunProgress? _latestProgress;

    private DbSink(RunStore runs, LeafStore leaf, PredictionStore predictions, PolicySampleStore policySamples, int runId)
    {
        _policySamples = policySamples;
        _runs = runs;
        _leaf = leaf;
        _predictions = predictions;
        RunId = runId;
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>The run's row in the file.</summary>
    public int RunId { get; }

    /// <summary>
    /// Opens (creating and migrating) <paramref name="databasePath"/> and records the run as running: a new row for
    /// <paramref name="config"/>, or the existing row <paramref name="runId"/> (a resumed run).
    /// </summary>
    public static async Task<DbSink> OpenAsync(string databasePath, RunConfig config, int? runId, CancellationToken ct)
    {
        var options = new DbContextOptionsBuilder<WorkbenchDbContext>().UseSqlite($"Data Source={databasePath}").Options;
        var factory = new PooledDbContextFactory<WorkbenchDbContext>(options);
        await using (var db = await factory.CreateDbContextAsync(ct)) await DatabaseInitializer.MigrateAsync(db, ct);
        var runs = new RunStore(factory, TimeProvider.System);
        var id = runId is { } existing && await runs.GetAsync(existing, ct) is not null ? existing : (await runs.CreateAsync(config, ct)).Id;
        await runs.TryMarkRunningAsync(id, ct);
        return new DbSink(runs, new LeafStore(factory), new PredictionStore(factory), new PolicySampleStore(factory), id);
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

    public async Task FlushAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _events.Writer.TryWrite(done);
        await done.Task;
    }

    public async Task CompletedAsync() { await FlushAsync(); await _runs.FinishAsync(RunId, RunStatus.Completed); }
    public async Task FailedAsync(string reason) { await FlushAsync(); await _runs.FinishAsync(RunId, RunStatus.Failed, reason); }
    public async Task CancelledAsync() { await FlushAsync(); await _runs.FinishAsync(RunId, RunStatus.Cancelled); }

    private async Task WriteAsync()
    {
        while (await _events.Reader.WaitToReadAsync())
        {
            var batch = new List<MetricPoint>();
            while (_events.Reader.TryRead(out var item))
            {
                if (item is IReadOnlyList<MetricPoint> points) { batch.AddRange(points); continue; }
                await Guarded(() => AppendAsync(batch));
                await Guarded(() => item switch
                {
                    RunStarted started => _runs.RecordStartedAsync(RunId, started),
                    CheckpointSaved checkpoint => _runs.AddCheckpointAsync(RunId, checkpoint),
                    RunStageProgress stage => _leaf.RecordStageAsync(RunId, stage),
                    DetectedSample[] samples => _leaf.AddDetectedAsync(RunId, samples),
                    AttentionSnapshot snapshot => _leaf.AddAttentionAsync(RunId, snapshot),
                    EvalPredictions predictions => _predictions.AddAsync(RunId, predictions),
                    PolicySamples samples => _policySamples.SaveAsync(RunId, samples),
                    _ => WriteProgressAsync(),
                });
                (item as TaskCompletionSource)?.SetResult();
            }
            await Guarded(() => AppendAsync(batch));
            await Guarded(WriteProgressAsync);
        }
    }

    // A failed write must not stop the run or leave a flush waiting: say so and go on, as the hub sink does.
    private static async Task Guarded(Func<Task> write)
    {
        try { await write(); }
        catch (Exception ex) when (ex is not OperationCanceledException) { Console.Error.WriteLine($"Writing to the database failed: {ex.Message}"); }
    }

    private async Task AppendAsync(List<MetricPoint> batch)
    {
        if (batch.Count == 0) return;
        await _runs.AppendMetricsAsync(RunId, batch);
        batch.Clear();
    }

    private async Task WriteProgressAsync()
    {
        if (Interlocked.Exchange(ref _latestProgress, null) is { } progress) await _runs.RecordProgressAsync(RunId, progress);
    }

    public async ValueTask DisposeAsync()
    {
        _events.Writer.TryComplete();
        await _writer;
    }
}
