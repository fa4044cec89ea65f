using System.Text.Json;
using Workbench.Experiments;
using Workbench.Experiments.Evaluation;
using Workbench.Experiments.Leaf;
using Workbench.Experiments.OnPolicy;

namespace Workbench.Worker;

/// <summary>Headless reporting: one JSON object per line on stdout ({"event":"metrics",...}), for scripts.</summary>
public sealed class JsonLinesSink(TextWriter output) : ITrainingSink
{
    private readonly Lock _gate = new();

    public void Started(RunStarted info) => Write("started", info);
    public void Metrics(IReadOnlyList<MetricPoint> points) => Write("metrics", points);
    public void Progress(RunProgress progress) { }
    public void CheckpointSaved(CheckpointSaved checkpoint) => Write("checkpoint", checkpoint);
    public void Stage(RunStageProgress stage) => Write("stage", stage);
    public void Detected(IReadOnlyList<DetectedSample> samples) => Write("detected", samples);
    public void Attention(AttentionSnapshot snapshot) => Write("attention", snapshot);
    public void Predictions(EvalPredictions predictions) => Write("predictions", predictions);
    public void StudentSamples(PolicySamples samples) => Write("policy_samples", samples);

    public Task FlushAsync() { lock (_gate) output.Flush(); return Task.CompletedTask; }
    public Task CompletedAsync() { Write("completed", new { }); return Task.CompletedTask; }
    public Task FailedAsync(string reason) { Write("failed", new { reason }); return Task.CompletedTask; }

    private void Write(string kind, object payload)
    {
        var line = JsonSerializer.Serialize(new { @event = kind, data = payload }, RunConfigJson.Options);
        lock (_gate) output.WriteLine(line);
    }

    public ValueTask DisposeAsync() { lock (_gate) output.Flush(); return ValueTask.CompletedTask; }
}
