using Workbench.Experiments;
using Workbench.Experiments.Leaf;
using Workbench.Training.Data;
using Workbench.Training.Leaf.Scoring;
using Workbench.Training.Models;
using static TorchSharp.torch;

namespace Workbench.Training.Leaf.Pipeline;

/// <summary>
/// Response-level detection (leaf.md §2.7, §3.2): a response with a step boundary is split in two; its first segment
/// joins the context and is the scored region, the loss is the NLL of the remainder. Each flagged span of the prefix
/// yields a counterfactual whose context is the prompt plus the pruned prefix and whose only supervised tokens are the
/// remainder's. Responses without a boundary (e.g. a bare number) yield nothing. A gradient scorer of the run scores the
/// prefix; the intervention scorer, which needs a gold response to delete context from, falls back to the gradient norm here.
/// </summary>
public sealed class ResponseLevelDetection(ICausalLanguageModel teacher, ICausalLanguageModel student, Device device, DetectionSettings settings, DatasetSplits data, LeafConfig? leaf = null)
{
    public IReadOnlyList<LeafExample> Run(IReadOnlyList<(int Index, ArithmeticProblem Problem)> samples)
    {
        var candidates = new List<(int Index, ArithmeticProblem Problem, ResponseSplit Split, CharSpan[] PrefixOffsets)>();
        foreach (var (index, problem) in samples)
        {
            var offsets = data.OffsetsOf(problem.Answer);
            if (offsets.Length != problem.TokenIds.Length - problem.AnswerStart - 1) continue;   // tokens and offsets must pair up
            if (ResponseSplit.Find(problem.Answer, offsets) is not { } split) continue;
            CharSpan[] prefix = [.. offsets.TakeWhile(o => o.End <= split.Boundaries[0])];
            if (prefix.Length >= 2) candidates.Add((index, problem, split, prefix));
        }
        if (candidates.Count == 0) return [];

        var requests = candidates.Select(c => new SaliencyRequest(
            c.Problem.TokenIds, c.Problem.AnswerStart, c.PrefixOffsets.Length, c.Problem.AnswerStart + c.PrefixOffsets.Length)).ToArray();
        var method = leaf is { } l && LeafScorers.Gradient.Contains(l.Scorer) ? new SaliencyMethod(l.Scorer, l.IntegratedGradientsSteps) : SaliencyMethod.GradientNorm;
        var teacherRaw = InputSaliency.Compute(teacher, requests, device, method);
        var studentRaw = InputSaliency.Compute(student, requests, device, method);
        var counterfactuals = new List<LeafExample>();
        for (var k = 0; k < candidates.Count; k++)
        {
            if (teacherRaw[k] is not { } t || studentRaw[k] is not { } s) continue;
            var (index, problem, split, prefixOffsets) = candidates[k];
            var (found, _) = FlagDecision.Decide(split.Prefix, prefixOffsets, ProtectedTokens.Of(split.Prefix, prefixOffsets), new RawScores(t, s, CompareRaw: false),
                                                 settings, leaf?.SpanUnit ?? LeafSpanUnits.Token, leaf?.ProtectTeacherNumbersAbove);
            foreach (var cf in Counterfactuals.ForSample(split.Prefix, prefixOffsets, found))
                if (data.WithResponse(problem, cf.Pruned.Text, split.Remainder) is { } rebuilt)
                    counterfactuals.Add(new LeafExample(rebuilt, true, index));
        }
        return counterfactuals;
    }
}
