using Workbench.Experiments;
using Workbench.Training.Data;
using Workbench.Training.Models;
using static TorchSharp.torch;

namespace Workbench.Training.Leaf.Scoring;

/// <summary>
/// The causal reading of "confounder" (issue 14): delete each candidate span from the prompt and measure how the response
/// NLL ℓ of each model changes, <c>e_M(c) = ℓ_M(X) − ℓ_M(X \ c)</c> (positive: the deletion helps model M). A confounder is a
/// span whose deletion helps the student much more than the teacher, <c>e_S(c) − e_T(c)</c> large. A span may be listed
/// more than once with different edits (<see cref="Candidates.Edited"/>); its effect is then the mean over them. One batched,
/// gradient-free forward per model over the original and every pruned prompt, so a sample with k candidates costs
/// (k + 1) forwards per model.
/// </summary>
public static class InterventionScorer
{
    /// <summary>
    /// One sample to score: the problem, its prompt tokens' character offsets, the candidate spans (token indices) and, when
    /// a candidate is edited rather than deleted, the edited prompt of each span (null: delete every span). A span may appear
    /// several times, once per edit.
    /// </summary>
    public sealed record Candidates(ArithmeticProblem Problem, IReadOnlyList<CharSpan> Offsets, IReadOnlyList<TokenSpan> Spans,
                                    IReadOnlyList<string>? Edited = null);

    /// <summary>
    /// Per sample, the effect of each token's candidate for student and teacher (0 on tokens in no candidate, or whose
    /// deletion cannot be tokenised); null when an NLL was not finite.
    /// </summary>
    public static IReadOnlyList<InterventionEffects?> Score(ICausalLanguageModel teacher, ICausalLanguageModel student,
        IReadOnlyList<Candidates> samples, Func<ArithmeticProblem, string, ArithmeticProblem?> withPrompt, int padId, Device device)
    {
        var rows = new List<ArithmeticProblem>();
        var layout = new List<(int Original, List<(TokenSpan Span, int Row)> Pruned)>();
        foreach (var sample in samples)
        {
            var original = rows.Count;
            rows.Add(sample.Problem);
            var pruned = new List<(TokenSpan, int)>();
            for (var k = 0; k < sample.Spans.Count; k++)
            {
                var span = sample.Spans[k];
                var text = sample.Edited?[k] ?? Counterfactuals.Prune(sample.Problem.Prompt, sample.Offsets, span).Text;
                if (string.IsNullOrWhiteSpace(text) || withPrompt(sample.Problem, text) is not { } problem) continue;
                pruned.Add((span, rows.Count));
                rows.Add(problem);
            }
            layout.Add((original, pruned));
        }

        var studentNll = ResponseNll.Of(student, rows, padId, device);
        var teacherNll = ResponseNll.Of(teacher, rows, padId, device);
        var results = new InterventionEffects?[samples.Count];
        for (var s = 0; s < samples.Count; s++)
        {
            var (original, pruned) = layout[s];
            var n = samples[s].Offsets.Count;
            var (studentEffect, teacherEffect, edits) = (new double[n], new double[n], new int[n]);
            var finite = double.IsFinite(studentNll[original]) && double.IsFinite(teacherNll[original]);
            foreach (var (span, row) in pruned)
            {
                var (eS, eT) = (studentNll[original] - studentNll[row], teacherNll[original] - teacherNll[row]);
                finite &= double.IsFinite(eS) && double.IsFinite(eT);
                for (var i = span.Start; i < span.End; i++) (studentEffect[i], teacherEffect[i], edits[i]) = (studentEffect[i] + eS, teacherEffect[i] + eT, edits[i] + 1);
            }
            // A span listed with several edits gets the mean of their effects.
            for (var i = 0; i < n; i++)
                if (edits[i] > 1) (studentEffect[i], teacherEffect[i]) = (studentEffect[i] / edits[i], teacherEffect[i] / edits[i]);
            results[s] = finite ? new InterventionEffects(teacherEffect, studentEffect, pruned.Count, [.. edits.Select(e => e > 0)]) : null;
        }
        return results;
    }
}

/// <summary>One sample's intervention effects per token, in nats: e_T and e_S of the candidate holding the token.</summary>
/// <param name="Teacher">e_T = ℓ_T(X) − ℓ_T(X \ c).</param>
/// <param name="Student">e_S = ℓ_S(X) − ℓ_S(X \ c).</param>
/// <param name="Deletions">Candidates whose deletion (or edit) was scored.</param>
/// <param name="Scored">Tokens inside a scored candidate; null = not recorded.</param>
public sealed record InterventionEffects(double[] Teacher, double[] Student, int Deletions, bool[]? Scored = null);
