using Workbench.Experiments;
using Workbench.Experiments.Leaf;
using Workbench.Training.Data;
using Workbench.Training.Leaf;
using Workbench.Training.Leaf.Scoring;
using Workbench.Training.Models;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Leaf.Scoring;

/// <summary>Each scorer on hand-built models that copy one token, where the right answer is known in advance.</summary>
public sealed class ConfounderScorersTests : TorchTest
{
    private const int Vocab = 16;

    public static TheoryData<string> GradientScorers => [.. LeafScorers.Gradient];

    // <bos>-like position 0, scored region = positions 1..5, response = positions 7..9.
    private static readonly SaliencyRequest s_request = new([1, 4, 5, 6, 7, 8, 2, 9, 10, 3], ScoredStart: 1, ScoredLength: 5, ResponseStart: 7);

    [Theory]
    [MemberData(nameof(GradientScorers))]
    public void Compute_ModelCopiesOneToken_OnlyThatTokenHasAttribution(string scorer)
    {
        using var student = CopyModel.CopyPosition(Vocab, position: 3);
        var g = InputSaliency.Compute(student, [s_request], CPU, new SaliencyMethod(scorer, Steps: 3))[0]!;

        Assert.Equal(5, g.Length);
        Assert.True(g[2] > 1e-6, $"The copied token (scored index 2) has attribution {g[2]}.");
        Assert.All(g.Where((_, i) => i != 2), v => Assert.Equal(0, v, 12));
    }

    [Theory]
    [MemberData(nameof(GradientScorers))]
    public void Decide_StudentCopiesAnotherTokenThanTeacher_FlagsOnlyTheStudentsToken(string scorer)
    {
        using var teacher = CopyModel.CopyPosition(Vocab, position: 2);
        using var student = CopyModel.CopyPosition(Vocab, position: 4);
        var method = new SaliencyMethod(scorer, Steps: 3);
        var raw = new RawScores(InputSaliency.Compute(teacher, [s_request], CPU, method)[0]!,
                                InputSaliency.Compute(student, [s_request], CPU, method)[0]!, CompareRaw: false);
        var offsets = WordTokenizer.WordOffsets("a b c d e");

        var (found, _) = FlagDecision.Decide("a b c d e", offsets, new bool[5], raw, new DetectionSettings());

        Assert.Equal(DetectionStatus.Ok, found.Status);
        Assert.Equal(new[] { false, false, false, true, false }, found.Flagged);
    }

    [Fact]
    public void IntegratedGradients_LinearInTheEmbedding_SumsToTheLossDifferenceWithTheZeroBaseline()
    {
        // Completeness (Sundararajan et al. 2017): Σ_i IG_i = ℓ(E) − ℓ(baseline). With one token carrying the whole input, the
        // signed IG is that difference; InputSaliency reports its magnitude. Many steps make the midpoint rule exact enough.
        using var student = CopyModel.CopyPosition(Vocab, position: 3);
        var ig = InputSaliency.Compute(student, [s_request], CPU, new SaliencyMethod(LeafScorers.IntegratedGradients, Steps: 64))[0]!;

        var full = Nll(student, s_request, scale: 1);
        var baseline = Nll(student, s_request, scale: 0);
        Assert.Equal(Math.Abs(full - baseline), ig.Sum(), 3);
    }

    [Fact]
    public void Intervention_StudentCopiesTheDistractor_DeletingItHelpsTheStudentByTheDirectlyComputedAmount()
    {
        var tokenizer = new WordTokenizer("copy", ["a", "b", "c", "d", "x"]);
        var d = tokenizer.Encode("d")[0];
        using var student = CopyModel.CopyToken(tokenizer.VocabSize, d, beta: 3);
        using var teacher = CopyModel.CopyToken(tokenizer.VocabSize, d, beta: 0);       // ignores its input
        var problem = ArithmeticProblems.ToProblem(tokenizer, "a b d c", "x", "copy");
        var offsets = WordTokenizer.WordOffsets(problem.Prompt);
        ArithmeticProblem? WithPrompt(ArithmeticProblem p, string text) => ArithmeticProblems.ToProblem(tokenizer, text, p.Answer, p.Template);
        TokenSpan[] candidates = [.. Enumerable.Range(0, 4).Select(i => new TokenSpan(i, i + 1))];

        var effects = InterventionScorer.Score(teacher, student, [new InterventionScorer.Candidates(problem, offsets, candidates)], WithPrompt, tokenizer.PadId, CPU)[0]!;

        // Known answer: with d the student's logit for d is 3, so every target (x, <eos>) has p = 1/(V − 1 + e³); without, 1/V.
        var V = tokenizer.VocabSize;
        var expected = Math.Log(V - 1 + Math.Exp(3)) - Math.Log(V);
        Assert.Equal(4, effects.Deletions);
        Assert.Equal(expected, effects.Student[2], 4);
        Assert.All(effects.Student.Where((_, i) => i != 2), e => Assert.Equal(0, e, 5));
        Assert.All(effects.Teacher, e => Assert.Equal(0, e, 5));
        // Against a direct computation on the pruned sequence.
        var pruned = WithPrompt(problem, "a b c")!;
        Assert.Equal(DirectNll(student, problem) - DirectNll(student, pruned), effects.Student[2], 5);

        var (found, _) = FlagDecision.Decide(problem.Prompt, offsets, new bool[4], ConfounderScorer.AsRaw(effects, LeafInterventionEffects.Helps), new DetectionSettings());
        Assert.Equal(new[] { false, false, true, false }, found.Flagged);
    }

    [Fact]
    public void Intervention_SpanEditedTwice_EffectIsTheMeanOfBothEditsAndOnlyEditedTokensAreScored()
    {
        // The student raises token "3" whenever it reads it: the edit 2 → 3 hurts it by exactly ln(V − 1 + e³) − ln V, the
        // edit 2 → 1 changes nothing, so the span's effect is minus half of that. The teacher ignores its input.
        var tokenizer = new WordTokenizer("copy", ["a", "b", "x", "1", "2", "3", "."]);
        using var student = CopyModel.CopyToken(tokenizer.VocabSize, tokenizer.Encode("3")[0], beta: 3);
        using var teacher = CopyModel.CopyToken(tokenizer.VocabSize, tokenizer.Encode("3")[0], beta: 0);
        var problem = ArithmeticProblems.ToProblem(tokenizer, "a 2 . b 1 .", "x", "copy");
        var offsets = WordTokenizer.WordOffsets(problem.Prompt);
        ArithmeticProblem? WithPrompt(ArithmeticProblem p, string text) => ArithmeticProblems.ToProblem(tokenizer, text, p.Answer, p.Template);
        var clause = new TokenSpan(0, 3);
        var candidates = new InterventionScorer.Candidates(problem, offsets, [clause, clause],
            [NumberEdits.Shift(problem.Prompt, offsets, clause, +1)!, NumberEdits.Shift(problem.Prompt, offsets, clause, -1)!]);

        var effects = InterventionScorer.Score(teacher, student, [candidates], WithPrompt, tokenizer.PadId, CPU)[0]!;

        var V = tokenizer.VocabSize;
        var up = DirectNll(student, problem) - DirectNll(student, WithPrompt(problem, "a 3 . b 1 .")!);
        Assert.Equal(-(Math.Log(V - 1 + Math.Exp(3)) - Math.Log(V)), up, 4);
        Assert.All(effects.Student[..3], e => Assert.Equal(up / 2, e, 5));
        Assert.All(effects.Student[3..], e => Assert.Equal(0, e, 5));
        Assert.All(effects.Teacher, e => Assert.Equal(0, e, 5));
        Assert.Equal(new[] { true, true, true, false, false, false }, effects.Scored);

        // Unscored tokens are never flagged, whatever the budget.
        var raw = ConfounderScorer.AsRaw(effects, LeafInterventionEffects.Moves);
        var (found, _) = FlagDecision.Decide(problem.Prompt, offsets, new bool[6], raw, new DetectionSettings(DetectionSettings.Top, MaxSpansPerSample: 3), LeafSpanUnits.Clause);
        Assert.Equal(new[] { true, true, true, false, false, false }, found.Flagged);
    }

    [Fact]
    public void Intervention_BoundedTeacher_SameTopFlagsAsTheFullTeacherWithFewerTeacherRows()
    {
        // The student pulls towards "3" (β 3), the teacher towards "2" (β 6; CopyToken). Sample 1, "a 4 . b 8 . c 7 .": only
        // clause a moves the student (4 → 3), so once the teacher has read a, δ(a) < 0 = the lowest δ b or c could reach and
        // the teacher skips them. Sample 2, "c 2 . a 3 .": the student reacts most to c (2 → 3), but the teacher reacts to c
        // more, so the teacher must read a too, in a second round. Both ways flag the same clause per sample.
        var tokenizer = new WordTokenizer("copy", ["a", "b", "c", "x", "."]);
        using var student = CopyModel.CopyToken(tokenizer.VocabSize, tokenizer.Encode("3")[0], beta: 3);
        using var teacher = CopyModel.CopyToken(tokenizer.VocabSize, tokenizer.Encode("2")[0], beta: 6);
        ArithmeticProblem? WithPrompt(ArithmeticProblem p, string text) => ArithmeticProblems.ToProblem(tokenizer, text, p.Answer, p.Template);
        InterventionScorer.Candidates Edits(string prompt, int clauses)
        {
            var problem = ArithmeticProblems.ToProblem(tokenizer, prompt, "x", "copy");
            var offsets = WordTokenizer.WordOffsets(problem.Prompt);
            var spans = Enumerable.Range(0, clauses).SelectMany(c => new[] { new TokenSpan(3 * c, 3 * c + 3), new TokenSpan(3 * c, 3 * c + 3) }).ToArray();
            return new InterventionScorer.Candidates(problem, offsets, spans,
                [.. spans.Select((span, k) => NumberEdits.Shift(problem.Prompt, offsets, span, k % 2 == 0 ? +1 : -1)!)]);
        }
        InterventionScorer.Candidates[] samples = [Edits("a 4 . b 8 . c 7 .", 3), Edits("c 2 . a 3 .", 2)];
        var (fullPasses, boundedPasses) = (new InterventionPasses(), new InterventionPasses());

        var full = InterventionScorer.Score(teacher, student, samples, WithPrompt, tokenizer.PadId, CPU, passes: fullPasses);
        var bounded = InterventionScorer.Score(teacher, student, samples, WithPrompt, tokenizer.PadId, CPU, new TeacherBound(Moves: true), boundedPasses);

        Assert.Equal((12, 12), (fullPasses.TeacherRows, fullPasses.StudentRows));                // 2 originals + 10 edits
        Assert.Equal((8, 12), (boundedPasses.TeacherRows, boundedPasses.StudentRows));           // sample 1: original + a's 2 edits
        Assert.Equal([true, true, true, false, false, false, false, false, false], bounded[0]!.Scored!);
        Assert.All(bounded[1]!.Scored!, Assert.True);
        for (var s = 0; s < 2; s++)
        {
            var scored = bounded[s]!.Scored!;
            for (var i = 0; i < scored.Length; i++)
                if (scored[i]) Assert.Equal((full[s]!.Teacher[i], full[s]!.Student[i]), (bounded[s]!.Teacher[i], bounded[s]!.Student[i]));
            var top1 = new DetectionSettings(DetectionSettings.Top, MaxSpansPerSample: 1);
            bool[] Flags(InterventionEffects e) => FlagDecision.Decide(samples[s].Problem.Prompt, samples[s].Offsets, new bool[samples[s].Offsets.Count],
                                                                       ConfounderScorer.AsRaw(e, LeafInterventionEffects.Moves), top1, LeafSpanUnits.Clause).Detection.Flagged;
            Assert.Equal(Flags(full[s]!), Flags(bounded[s]!));
        }
        Assert.Equal([true, true, true, false, false, false, false, false, false], FlagDecision.Decide(samples[0].Problem.Prompt, samples[0].Offsets, new bool[9],
            ConfounderScorer.AsRaw(bounded[0]!, LeafInterventionEffects.Moves), new DetectionSettings(DetectionSettings.Top), LeafSpanUnits.Clause).Detection.Flagged);
        Assert.Equal([true, true, true, false, false, false], FlagDecision.Decide(samples[1].Problem.Prompt, samples[1].Offsets, new bool[6],
            ConfounderScorer.AsRaw(bounded[1]!, LeafInterventionEffects.Moves), new DetectionSettings(DetectionSettings.Top), LeafSpanUnits.Clause).Detection.Flagged);
    }

    [Fact]
    public void Intervention_TeacherFirstEditOnly_TeacherEffectIsTheFirstEditsAndTheStudentsTheMean()
    {
        // Both models raise "3" whenever they read it: the edit 2 → 3 hurts by exactly ln(V − 1 + e³) − ln V, 2 → 1 changes nothing.
        var tokenizer = new WordTokenizer("copy", ["a", "b", "x", "."]);
        using var student = CopyModel.CopyToken(tokenizer.VocabSize, tokenizer.Encode("3")[0], beta: 3);
        using var teacher = CopyModel.CopyToken(tokenizer.VocabSize, tokenizer.Encode("3")[0], beta: 3);
        var problem = ArithmeticProblems.ToProblem(tokenizer, "a 2 . b 1 .", "x", "copy");
        var offsets = WordTokenizer.WordOffsets(problem.Prompt);
        ArithmeticProblem? WithPrompt(ArithmeticProblem p, string text) => ArithmeticProblems.ToProblem(tokenizer, text, p.Answer, p.Template);
        var clause = new TokenSpan(0, 3);
        var candidates = new InterventionScorer.Candidates(problem, offsets, [clause, clause],
            [NumberEdits.Shift(problem.Prompt, offsets, clause, +1)!, NumberEdits.Shift(problem.Prompt, offsets, clause, -1)!]);
        var passes = new InterventionPasses();

        var effects = InterventionScorer.Score(teacher, student, [candidates], WithPrompt, tokenizer.PadId, CPU, passes: passes, teacherFirstEditOnly: true)[0]!;

        var V = tokenizer.VocabSize;
        var up = -(Math.Log(V - 1 + Math.Exp(3)) - Math.Log(V));
        Assert.All(effects.Teacher[..3], e => Assert.Equal(up, e, 4));
        Assert.All(effects.Student[..3], e => Assert.Equal(up / 2, e, 4));
        Assert.Equal((2, 3), (passes.TeacherRows, passes.StudentRows));                   // original + the first edit; original + both
        Assert.Equal(new[] { true, true, true, false, false, false }, effects.Scored);
    }

    [Fact]
    public void ResponseNll_BatchedWithPadding_EqualsOneByOne()
    {
        var tokenizer = new WordTokenizer("copy", ["a", "b", "c", "d", "x"]);
        using var generator = new TorchSharp.torch.Generator(3);
        using var model = new Gpt(new GptConfig(Layers: 1, Heads: 2, Width: 16, Context: 32, VocabSize: tokenizer.VocabSize), generator);
        ArithmeticProblem[] problems = [.. new[] { "a", "a b c d", "d c", "b b b b b b" }.Select(p => ArithmeticProblems.ToProblem(tokenizer, p, "x 3", "t"))];

        var batched = ResponseNll.Of(model, problems, tokenizer.PadId, CPU, batchSize: 4);

        for (var i = 0; i < problems.Length; i++)
            Assert.Equal(DirectNll(model, problems[i]), batched[i], 5);
    }

    // ℓ by hand: mean −log p of every token after <sep>, one sequence, no batching.
    private static double DirectNll(ICausalLanguageModel model, ArithmeticProblem p)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var logp = nn.functional.log_softmax(model.call(tensor(p.TokenIds.Select(i => (long)i).ToArray(), [1, p.TokenIds.Length])), -1);
        var total = 0.0;
        for (var t = p.AnswerStart; t < p.TokenIds.Length; t++) total -= logp[0, t - 1, p.TokenIds[t]].item<float>();
        return total / (p.TokenIds.Length - p.AnswerStart);
    }

    // ℓ with the scored region's embeddings scaled by `scale`, as integrated gradients interpolates them.
    private static double Nll(CopyModel model, SaliencyRequest r, double scale)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var E = model.Embed(tensor(r.TokenIds.Select(i => (long)i).ToArray(), [1, r.TokenIds.Length]));
        var factor = ones(1, r.TokenIds.Length, 1);
        for (var t = r.ScoredStart; t < r.ScoredStart + r.ScoredLength; t++) factor[0, t, 0] = scale;
        var logp = nn.functional.log_softmax(model.ForwardFromEmbeddings(E * factor), -1);
        var total = 0.0;
        for (var t = r.ResponseStart; t < r.TokenIds.Length; t++) total -= logp[0, t - 1, r.TokenIds[t]].item<float>();
        return total / (r.TokenIds.Length - r.ResponseStart);
    }
}
