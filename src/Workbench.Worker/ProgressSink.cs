using Workbench.Experiments;
using Workbench.Experiments.Evaluation;
using Workbench.Experiments.Leaf;
using Workbench.Experiments.OnPolicy;

namespace Workbench.Worker;

/// <summary>Passes everything to <paramref name="inner"/> and draws the progress on <paramref name="bar"/>.</summary>
public sealed class ProgressSink(ITrainingSink inner, ProgressBar bar) : ITrainingSink
{
    public void Started(RunStarted info) => inner.Started(info);
    public void Metrics(IReadOnlyList<MetricPoint> points) => inner.Metrics(points);
    public void CheckpointSaved(CheckpointSaved checkpoint) => inner.CheckpointSaved(checkpoint);
    public void Stage(RunStageProgress stage) => inner.Stage(stage);
    public void Detected(IReadOnlyList<DetectedSample> samples) => inner.Detected(samples);
    public void Attention(AttentionSnapshot snapshot) => inner.Attention(snapshot);
    public void Predictions(EvalPredictions predictions) => inner.Predictions(predictions);
    public void StudentSamples(PolicySamples samples) => inner.StudentSamples(samples);

    public void Progress(RunProgress progress)
    {
        inner.Progress(progress);
        bar.Report(progress);
    }

    public async Task FlushAsync() { bar.Finish(); await inner.FlushAsync(); }
    public Task CompletedAsync() => inner.CompletedAsync();
    public Task FailedAsync(string reason) => inner.FailedAsync(reason);
    public Task CancelledAsync() => inner.CancelledAsync();
    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
