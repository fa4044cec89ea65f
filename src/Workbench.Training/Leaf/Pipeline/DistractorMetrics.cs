using Workbench.Experiments.Leaf;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Trainer;
using static TorchSharp.torch;

namespace Workbench.Training.Leaf.Pipeline;

/// <summary>
/// What a distractor test split says about a model: exact-match accuracy, how often the answer is the distractor's
/// number (copying it), and the confounder attention mass on the gold distractor spans (leaf.md §5).
/// </summary>
public sealed class DistractorMetrics(IReadOnlyList<ArithmeticProblem> split, IRunTokenizer tokenizer, Device device,
                                      int accuracySamples = 200, int attentionSamples = 64)
{
    private readonly ArithmeticProblem[] _answered = [.. split.Take(accuracySamples)];
    private readonly ArithmeticProblem[] _attended = [.. split.Where(p => p.ConfounderSpans is { Count: > 0 }).Take(attentionSamples)];

    /// <summary>Adds eval/ood_accuracy, eval/ood_copy_rate and eval/cam* at <paramref name="step"/>.</summary>
    internal void Report(ICausalLanguageModel model, long step, MetricBuffer metrics)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            var (accuracy, copyRate) = Answers(model);
            metrics.Add(LeafMetricNames.EvalOodAccuracy, step, accuracy);
            metrics.Add(LeafMetricNames.EvalOodCopyRate, step, copyRate);
            if (Attention(model) is { } cam)
            {
                metrics.Add(LeafMetricNames.EvalCam, step, cam.Cam);
                metrics.Add(LeafMetricNames.EvalCamShare, step, cam.Share);
                metrics.Add(LeafMetricNames.EvalCamLift, step, cam.Lift);
            }
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>Greedy answers on the split: share right, share equal to the distractor's number.</summary>
    public (double Accuracy, double CopyRate) Answers(ICausalLanguageModel model)
    {
        var score = DistractorEvaluation.Evaluate(model, _answered, tokenizer, device);
        return (score.Accuracy, score.CopyRate);
    }

    /// <summary>Mean CAM over the samples with gold spans; queries are the positions predicting the answer and &lt;eos&gt;.</summary>
    public CamResult? Attention(ICausalLanguageModel model)
    {
        if (_attended.Length == 0) return null;
        double cam = 0, share = 0, lift = 0;
        using var _ = no_grad();
        foreach (var chunk in _attended.Chunk(32))
        {
            using var scope = NewDisposeScope();
            using var batch = Batch.Collate(chunk, tokenizer.PadId, device);
            using var capture = model.ForwardWithAttention(batch.InputIds);
            for (var b = 0; b < chunk.Length; b++)
            {
                var p = chunk[b];
                var layout = PromptLayout.Of(p);
                var result = ConfounderAttentionMass.Compute(capture, b, layout.ResponseQueries, layout.GoldKeys, layout.PromptKeys);
                (cam, share, lift) = (cam + result.Cam, share + result.Share, lift + result.Lift);
            }
        }
        return new CamResult(cam / _attended.Length, share / _attended.Length, lift / _attended.Length);
    }
}
