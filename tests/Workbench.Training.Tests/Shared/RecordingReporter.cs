using System.Collections.Concurrent;
using Workbench.Experiments;
using Workbench.Experiments.Evaluation;
using Workbench.Experiments.Leaf;
using Workbench.Experiments.OnPolicy;
using Workbench.Training.Trainer;

namespace Workbench.Training.Tests.Shared;

/// <summary>Keeps everything a run reports, and can run a callback on each progress report.</summary>
public sealed class RecordingReporter(Action<RunProgress>? onProgress = null) : ITrainingReporter
{
    public ConcurrentQueue<RunStarted> StartedCalls { get; } = new();
    public ConcurrentQueue<IReadOnlyList<MetricPoint>> MetricBatches { get; } = new();
    public ConcurrentQueue<RunProgress> ProgressCalls { get; } = new();
    public ConcurrentQueue<CheckpointSaved> Checkpoints { get; } = new();
    public ConcurrentQueue<RunStageProgress> Stages { get; } = new();
    public ConcurrentQueue<DetectedSample> DetectedSamples { get; } = new();
    public ConcurrentQueue<AttentionSnapshot> Snapshots { get; } = new();
    public ConcurrentQueue<EvalPredictions> PredictionReports { get; } = new();
    public ConcurrentQueue<PolicySamples> StudentSampleReports { get; } = new();

    public IReadOnlyList<MetricPoint> Points => [.. MetricBatches.SelectMany(b => b)];

    public IReadOnlyList<MetricPoint> Series(string name) => [.. Points.Where(p => p.Name == name).OrderBy(p => p.Step)];

    public void Started(RunStarted info) => StartedCalls.Enqueue(info);
    public void Metrics(IReadOnlyList<MetricPoint> points) => MetricBatches.Enqueue(points);
    public void CheckpointSaved(CheckpointSaved checkpoint) => Checkpoints.Enqueue(checkpoint);
    public void Stage(RunStageProgress stage) => Stages.Enqueue(stage);
    public void Detected(IReadOnlyList<DetectedSample> samples) { foreach (var s in samples) DetectedSamples.Enqueue(s); }
    public void Attention(AttentionSnapshot snapshot) => Snapshots.Enqueue(snapshot);
    public void Predictions(EvalPredictions predictions) => PredictionReports.Enqueue(predictions);
    public void StudentSamples(PolicySamples samples) => StudentSampleReports.Enqueue(samples);

    public void Progress(RunProgress progress)
    {
        ProgressCalls.Enqueue(progress);
        onProgress?.Invoke(progress);
    }
}
