using System.Threading.Channels;
using Workbench.Experiments;
using Workbench.Experiments.Evaluation;
using Workbench.Experiments.Leaf;
using Workbench.RunProtocol.Reports;
using Workbench.Training.Trainer;

namespace Workbench.Worker.Reporting;

/// <summary>
/// The worker's one queue: the trainer's calls become protocol reports, numbered in the order they were made, and return
/// at once (the trainer never waits for the host). <see cref="ReportPump"/> is the only reader.
/// </summary>
public sealed class ReportQueue(int runId, long firstSequence, Action<RunProgress>? onProgress = null) : ITrainingReporter
{
    private readonly Channel<RunReport> _reports = Channel.CreateUnbounded<RunReport>(new() { SingleReader = true });
    private readonly Lock _gate = new();
    private long _next = firstSequence;

    public int RunId { get; } = runId;

    public ChannelReader<RunReport> Reader => _reports.Reader;

    public void Started(RunStarted info) => Enqueue(s => new StartedReport(RunId, s, info));
    public void Metrics(IReadOnlyList<MetricPoint> points) => Enqueue(s => new MetricsReport(RunId, s, [.. points]));
    public void CheckpointSaved(CheckpointSaved checkpoint) => Enqueue(s => new CheckpointReport(RunId, s, checkpoint));
    public void Stage(RunStageProgress stage) => Enqueue(s => new StageReport(RunId, s, stage));
    public void Detected(IReadOnlyList<DetectedSample> samples) => Enqueue(s => new DetectedReport(RunId, s, [.. samples]));
    public void Attention(AttentionSnapshot snapshot) => Enqueue(s => new AttentionReport(RunId, s, snapshot));
    public void Predictions(EvalPredictions predictions) => Enqueue(s => new PredictionsReport(RunId, s, predictions));
    public void StudentSamples(Experiments.OnPolicy.PolicySamples samples) => Enqueue(s => new PolicySamplesReport(RunId, s, samples));

    public void Progress(RunProgress progress)
    {
        Enqueue(s => new ProgressReport(RunId, s, progress));
        onProgress?.Invoke(progress);
    }

    /// <summary>The run's last report; nothing is queued after it.</summary>
    public void Finished(RunStatus status, string? error = null)
    {
        Enqueue(s => new FinishedReport(RunId, s, status, error));
        _reports.Writer.TryComplete();
    }

    // Numbering and queueing under one lock, so the queue's order is the sequence order whichever thread reports.
    private void Enqueue(Func<long, RunReport> report)
    {
        lock (_gate)
        {
            if (_reports.Writer.TryWrite(report(_next))) _next++;
        }
    }
}
