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
/// (k + 1) forwards per model; with <c>reusePrefixes</c> each edited prompt runs only from its first edited token on, on top
/// of its original's keys and values (<see cref="SharedPrefixNll"/>).
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
    /// <param name="bound">When set, the teacher reads only the candidates that can still be among the bound's lowest δ
    /// (<see cref="TeacherBound"/>); the others stay unscored. Null: the teacher reads every candidate.</param>
    /// <param name="teacherFirstEditOnly">The teacher reads only the first edit of each candidate (its effect there stands for
    /// the candidate's); the student reads every edit. A candidate's teacher effect only has to tell "the answer needs this"
    /// from "it does not", which one edit shows.</param>
    /// <param name="passes">When set, counts the rows and tokens each model was run on.</param>
    /// <param name="reusePrefixes">Run each edited prompt only from where it departs from its original, reusing the original's
    /// keys and values (models that decode incrementally; the others always run every row in full). Same ℓ either way.</param>
    public static IReadOnlyList<InterventionEffects?> Score(ICausalLanguageModel teacher, ICausalLanguageModel student,
        IReadOnlyList<Candidates> samples, Func<ArithmeticProblem, string, ArithmeticProblem?> withPrompt, int padId, Device device,
        TeacherBound? bound = null, InterventionPasses? passes = null, bool teacherFirstEditOnly = false, bool reusePrefixes = true)
    {
        var rows = new List<ArithmeticProblem>();
        var origins = new List<int>();                                          // per row, its original's row
        var layout = new List<(int Original, List<(TokenSpan Span, int Row)> Pruned)>();
        foreach (var sample in samples)
        {
            var original = rows.Count;
            rows.Add(sample.Problem);
            origins.Add(original);
            var pruned = new List<(TokenSpan, int)>();
            for (var k = 0; k < sample.Spans.Count; k++)
            {
                var span = sample.Spans[k];
                var text = sample.Edited?[k] ?? Counterfactuals.Prune(sample.Problem.Prompt, sample.Offsets, span).Text;
                if (string.IsNullOrWhiteSpace(text) || withPrompt(sample.Problem, text) is not { } problem) continue;
                pruned.Add((span, rows.Count));
                rows.Add(problem);
                origins.Add(original);
            }
            layout.Add((original, pruned));
        }

        double[] studentNll;
        using (var studentRows = new SharedPrefixNll(student, rows, origins, padId, device, reusePrefixes))
        {
            var all = Enumerable.Range(0, rows.Count).ToArray();
            (studentNll, var forwarded) = studentRows.Of(all);
            passes?.AddStudent(all.Length, forwarded, RowTokens(rows, all) - forwarded);
        }
        using var teacherRows = new SharedPrefixNll(teacher, rows, origins, padId, device, reusePrefixes);
        double[] teacherNll;
        if (bound is not null) teacherNll = BoundedTeacher(teacherRows, rows, layout, studentNll, bound, teacherFirstEditOnly, passes);
        else
        {
            // Every original and every candidate's edits (or only its first).
            var read = layout.SelectMany(l => l.Pruned.GroupBy(p => p.Span).SelectMany(g => teacherFirstEditOnly ? g.Take(1) : g).Select(p => p.Row).Prepend(l.Original)).ToArray();
            teacherNll = Enumerable.Repeat(double.NegativeInfinity, rows.Count).ToArray();
            var (nll, forwarded) = teacherRows.Of(read);
            passes?.AddTeacher(read.Length, forwarded, RowTokens(rows, read) - forwarded);
            for (var j = 0; j < read.Length; j++) teacherNll[read[j]] = nll[j];
        }

        var results = new InterventionEffects?[samples.Count];
        for (var s = 0; s < samples.Count; s++)
        {
            var (original, pruned) = layout[s];
            var n = samples[s].Offsets.Count;
            var (studentSum, studentEdits, teacherSum, teacherEdits) = (new double[n], new int[n], new double[n], new int[n]);
            var finite = double.IsFinite(studentNll[original]) && double.IsFinite(teacherNll[original]);
            // Candidates the teacher read no edit of (skipped by the bound) stay unscored, for the student too.
            var read = pruned.Where(p => teacherNll[p.Row] is not double.NegativeInfinity).Select(p => p.Span).ToHashSet();
            var scoredRows = 0;
            foreach (var (span, row) in pruned)
            {
                if (!read.Contains(span)) continue;
                var eS = studentNll[original] - studentNll[row];
                finite &= double.IsFinite(eS);
                for (var i = span.Start; i < span.End; i++) (studentSum[i], studentEdits[i]) = (studentSum[i] + eS, studentEdits[i] + 1);
                if (teacherNll[row] is double.NegativeInfinity) continue;                        // the teacher read another edit of it
                var eT = teacherNll[original] - teacherNll[row];
                finite &= double.IsFinite(eT);
                scoredRows++;
                for (var i = span.Start; i < span.End; i++) (teacherSum[i], teacherEdits[i]) = (teacherSum[i] + eT, teacherEdits[i] + 1);
            }
            // A span listed with several edits gets the mean of their effects.
            double[] Mean(double[] sum, int[] count) => [.. sum.Select((x, i) => count[i] > 0 ? x / count[i] : 0)];
            results[s] = finite ? new InterventionEffects(Mean(teacherSum, teacherEdits), Mean(studentSum, studentEdits), scoredRows, [.. teacherEdits.Select(e => e > 0)]) : null;
        }
        return results;
    }

    // The teacher in rounds: first every original and each sample's candidate the student reacts to most, then, while a
    // candidate can still beat the bound's k-th lowest δ, the next one. δ(c) = |e_T(c)| − pull_S(c) ≥ −pull_S(c), so once
    // −pull_S(c) is no lower than the k-th lowest δ already measured, neither c nor any candidate after it (pulling less)
    // can enter the k lowest. Rows the teacher never reads get −∞.
    private static double[] BoundedTeacher(SharedPrefixNll teacher, List<ArithmeticProblem> rows,
        List<(int Original, List<(TokenSpan Span, int Row)> Pruned)> layout, double[] studentNll, TeacherBound bound, bool firstEditOnly,
        InterventionPasses? passes)
    {
        var teacherNll = Enumerable.Repeat(double.NegativeInfinity, rows.Count).ToArray();
        // Per sample, its candidates (the rows of one span) ordered by the student's pull, strongest first.
        var queues = layout.Select(l => l.Pruned.GroupBy(p => p.Span)
                .Select(g => (Rows: g.Select(p => p.Row).Take(firstEditOnly ? 1 : int.MaxValue).ToArray(), Pull: bound.Pull(g.Average(p => studentNll[l.Original] - studentNll[p.Row]))))
                .OrderByDescending(c => c.Pull).ToList()).ToArray();
        var measured = layout.Select(_ => new List<double>()).ToArray();                    // δ of each candidate the teacher read
        var wanted = layout.Select(l => l.Original).ToList();
        var open = Enumerable.Range(0, layout.Count).ToList();
        while (true)
        {
            var next = new List<(int Sample, (int[] Rows, double Pull) Candidate)>();
            foreach (var s in open)
            {
                if (queues[s].Count == 0) continue;
                var candidate = queues[s][0];
                var kth = measured[s].Count < bound.Keep ? double.PositiveInfinity : measured[s].Order().ElementAt(bound.Keep - 1);
                if (-candidate.Pull >= kth) { queues[s].Clear(); continue; }
                queues[s].RemoveAt(0);
                next.Add((s, candidate));
                wanted.AddRange(candidate.Rows);
            }
            if (wanted.Count == 0) break;
            var (nll, forwarded) = teacher.Of(wanted);
            passes?.AddTeacher(wanted.Count, forwarded, RowTokens(rows, wanted) - forwarded);
            for (var j = 0; j < wanted.Count; j++) teacherNll[wanted[j]] = nll[j];
            foreach (var (s, candidate) in next)
            {
                var eT = candidate.Rows.Average(r => teacherNll[layout[s].Original] - teacherNll[r]);
                measured[s].Add(Math.Abs(eT) - candidate.Pull);
            }
            open = [.. next.Select(x => x.Sample)];
            wanted.Clear();
        }
        return teacherNll;
    }

    private static long RowTokens(List<ArithmeticProblem> rows, IEnumerable<int> read) => read.Sum(r => (long)rows[r].TokenIds.Length);
}

/// <summary>
/// Skip teacher forwards that cannot change a top-<see cref="Keep"/> decision: with δ(c) = |e_T(c)| − pull(e_S(c)), the
/// teacher reads candidates in order of the student's pull and stops once no later one can be among the
/// <see cref="Keep"/> lowest δ. Exact for the <c>top</c> rule with that budget (ties aside); the candidates it skips stay unscored.
/// </summary>
/// <param name="Moves">True for the <c>moves</c> reading (pull = |e_S|), false for <c>helps</c> (pull = e_S).</param>
/// <param name="Keep">The budget k of the top rule.</param>
public sealed record TeacherBound(bool Moves, int Keep = 1)
{
    public double Pull(double studentEffect) => Moves ? Math.Abs(studentEffect) : studentEffect;
}

/// <summary>
/// Rows and tokens each model was run on (forward passes, no backward), for counting the intervention's cost. Tokens are the
/// ones actually forwarded; the prefix tokens an edited row took from its original's keys and values are counted apart.
/// </summary>
public sealed class InterventionPasses
{
    public long TeacherRows { get; private set; }
    public long TeacherTokens { get; private set; }
    public long TeacherReusedTokens { get; private set; }
    public long StudentRows { get; private set; }
    public long StudentTokens { get; private set; }
    public long StudentReusedTokens { get; private set; }

    public void AddTeacher(long rows, long forwarded, long reused) =>
        (TeacherRows, TeacherTokens, TeacherReusedTokens) = (TeacherRows + rows, TeacherTokens + forwarded, TeacherReusedTokens + reused);

    public void AddStudent(long rows, long forwarded, long reused) =>
        (StudentRows, StudentTokens, StudentReusedTokens) = (StudentRows + rows, StudentTokens + forwarded, StudentReusedTokens + reused);
}

/// <summary>One sample's intervention effects per token, in nats: e_T and e_S of the candidate holding the token.</summary>
/// <param name="Teacher">e_T = ℓ_T(X) − ℓ_T(X \ c).</param>
/// <param name="Student">e_S = ℓ_S(X) − ℓ_S(X \ c).</param>
/// <param name="Deletions">Candidates whose deletion (or edit) was scored.</param>
/// <param name="Scored">Tokens inside a scored candidate; null = not recorded.</param>
public sealed record InterventionEffects(double[] Teacher, double[] Student, int Deletions, bool[]? Scored = null);
