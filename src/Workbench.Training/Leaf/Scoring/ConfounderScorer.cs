using Workbench.Experiments;
using Workbench.Experiments.Leaf;
using Workbench.Training.Data;
using Workbench.Training.Models;
using static TorchSharp.torch;

namespace Workbench.Training.Leaf.Scoring;

/// <summary>
/// Runs one of <see cref="LeafScorers.All"/> over a chunk of samples, for teacher and student: the gradient scorers through
/// <see cref="InputSaliency"/>, the intervention scorer through <see cref="InterventionScorer"/>.
/// </summary>
public sealed class ConfounderScorer(ICausalLanguageModel teacher, ICausalLanguageModel student, DatasetSplits data, Device device)
{
    /// <summary>Raw scores per sample (null: the sample failed, a NaN or infinity), in sample order.</summary>
    /// <param name="scorer">One of <see cref="LeafScorers.All"/>.</param>
    /// <param name="leaf">Integrated-gradients steps, intervention candidates and effect.</param>
    /// <param name="samples">Problems with their prompt tokens' offsets and base protection.</param>
    public IReadOnlyList<RawScores?> Score(string scorer, LeafConfig leaf, IReadOnlyList<(ArithmeticProblem Problem, CharSpan[] Offsets, bool[] Protected)> samples)
    {
        if (scorer == LeafScorers.Intervention)
            return [.. Intervene(leaf, samples).Select(e => e is null ? null : AsRaw(e, leaf.InterventionEffect))];

        var method = new SaliencyMethod(scorer, leaf.IntegratedGradientsSteps);
        var requests = samples.Select(s => new SaliencyRequest(s.Problem.TokenIds, s.Problem.PromptStart, s.Problem.PromptEnd - s.Problem.PromptStart, s.Problem.AnswerStart)).ToArray();
        var t = InputSaliency.Compute(teacher, requests, device, method);
        var st = InputSaliency.Compute(student, requests, device, method);
        return [.. t.Zip(st, (a, b) => a is null || b is null ? null : new RawScores(a, b, CompareRaw: false))];
    }

    /// <summary>The intervention's effects, from which both readings (<see cref="LeafInterventionEffects"/>) follow without new forwards.</summary>
    /// <param name="passes">When set, counts the rows and tokens each model read.</param>
    /// <param name="reusePrefixes">Run each edited prompt only from its first edited token on (see <see cref="SharedPrefixNll"/>);
    /// false runs every row in full, for measuring what the reuse saves.</param>
    public IReadOnlyList<InterventionEffects?> Intervene(LeafConfig leaf, IReadOnlyList<(ArithmeticProblem Problem, CharSpan[] Offsets, bool[] Protected)> samples,
                                                         InterventionPasses? passes = null, bool reusePrefixes = true)
    {
        var numbers = leaf.InterventionCandidates == LeafSpanUnits.Numbers;
        var candidates = samples.Select(s =>
        {
            var units = SpanUnits.Of(s.Problem.Prompt, s.Offsets, numbers ? LeafSpanUnits.Clause : leaf.InterventionCandidates);
            // The question itself is what the answer depends on: deleting it makes any model fail, so it is never a candidate.
            var spans = SpanUnits.Spans(units, s.Offsets.Length)
                .Where(span => Enumerable.Range(span.Start, span.Length).Any(i => !s.Protected[i]) && !IsQuestion(s.Problem.Prompt, s.Offsets, span))
                .ToArray();
            if (!numbers) return new InterventionScorer.Candidates(s.Problem, s.Offsets, spans);
            var edits = spans.SelectMany(span => NumberEdit(s.Problem, s.Offsets, span).Select(text => (span, text))).ToArray();
            return new InterventionScorer.Candidates(s.Problem, s.Offsets, [.. edits.Select(e => e.span)], [.. edits.Select(e => e.text)]);
        }).ToArray();
        return InterventionScorer.Score(teacher, student, candidates, data.WithPrompt, data.Tokenizer.PadId, device, BoundOf(leaf), passes,
                                        teacherFirstEditOnly: leaf.InterventionTeacherEdits == LeafInterventionTeacherEdits.First, reusePrefixes: reusePrefixes);
    }

    /// <summary>The teacher bound of <c>leaf.interventionTeacher = bounded</c> under the top rule (k = max spans or 1); null otherwise
    /// (another rule needs every candidate's δ).</summary>
    public static TeacherBound? BoundOf(LeafConfig leaf) => leaf.InterventionTeacher == LeafInterventionTeachers.Bounded && leaf.ThresholdMode == LeafThresholdModes.Top
        ? new TeacherBound(leaf.InterventionEffect == LeafInterventionEffects.Moves, leaf.MaxSpansPerSample ?? 1)
        : null;

    // Each number up by one and down by one (the effects are averaged: one direction alone can push an answer out of the
    // range the models know, e.g. to 0); only the edits the dataset can tokenise.
    private string[] NumberEdit(ArithmeticProblem problem, CharSpan[] offsets, TokenSpan span) =>
        [.. new[] { +1, -1 }.Select(by => NumberEdits.Shift(problem.Prompt, offsets, span, by))
                            .Where(text => text is not null && data.WithPrompt(problem, text) is not null)
                            .Select(text => text!)];

    /// <summary>
    /// <c>helps</c>: δ = |e_T| − e_S (low when the deletion helps the student and leaves the teacher alone; a span whose
    /// deletion hurts the teacher is one the answer needs, not a confounder). <c>moves</c>: δ = |e_T| − |e_S| (low when it
    /// changes the student's NLL, either way, much more than the teacher's).
    /// </summary>
    public static RawScores AsRaw(InterventionEffects e, string effect) => effect == LeafInterventionEffects.Moves
        ? new RawScores([.. e.Teacher.Select(Math.Abs)], [.. e.Student.Select(Math.Abs)], CompareRaw: true, e.Scored)
        : new RawScores([.. e.Teacher.Select(Math.Abs)], e.Student, CompareRaw: true, e.Scored);

    private static bool IsQuestion(string text, IReadOnlyList<CharSpan> offsets, TokenSpan span) =>
        text[offsets[span.Start].Start..offsets[span.End - 1].End].TrimEnd().EndsWith('?');
}
