using Workbench.Training.Data;
using Workbench.Training.Leaf;
using Workbench.Training.Leaf.Pipeline;
using Workbench.Training.Models;
using static TorchSharp.torch;

namespace Workbench.Training.Evaluation;

/// <summary>
/// Confounder attention mass (leaf.md §5) of a model on the samples of a set that carry gold confounder spans: the mean over those
/// samples of the attention the response positions pay to the spans, its share of prompt attention and its lift over uniform.
/// </summary>
public sealed class EvalSetAttention(IReadOnlyList<ArithmeticProblem> problems, IRunTokenizer tokenizer, Device device, int maxSamples = 64)
{
    private readonly ArithmeticProblem[] _attended = [.. problems.Where(p => p.ConfounderSpans is { Count: > 0 }).Take(maxSamples)];

    public bool HasSpans => _attended.Length > 0;

    /// <summary>Mean CAM over the samples with gold spans (null when none); queries are the positions predicting the response and &lt;eos&gt;.</summary>
    public CamResult? Measure(ICausalLanguageModel model)
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
                var layout = PromptLayout.Of(chunk[b]);
                var result = ConfounderAttentionMass.Compute(capture, b, layout.ResponseQueries, layout.GoldKeys, layout.PromptKeys);
                (cam, share, lift) = (cam + result.Cam, share + result.Share, lift + result.Lift);
            }
        }
        return new CamResult(cam / _attended.Length, share / _attended.Length, lift / _attended.Length);
    }
}
