using System.Diagnostics;
using Workbench.Experiments;
using Workbench.Experiments.Leaf;
using Workbench.Training.Data;
using Workbench.Training.Leaf.Scoring;
using Workbench.Training.Models;
using Workbench.Training.Trainer;
using static TorchSharp.torch;

namespace Workbench.Training.Leaf.Pipeline;

/// <summary>
/// LeaF stage 1 over a training split (leaf.md §2–3): selects samples, scores every prompt token by teacher and student
/// input-gradient saliency, flags confounding spans, builds one counterfactual per span (the span's text deleted and the
/// prompt re-tokenised), and measures the flags against gold distractor spans next to two baselines. Each chunk's results
/// are reported as they are ready, so the token heatmap fills live.
/// </summary>
public sealed class DetectionStage(ICausalLanguageModel teacher, ICausalLanguageModel student, DatasetSplits data, Device device, LeafConfig settings, ITrainingReporter reporter)
{
    public const int ChunkSize = 64;

    private readonly IRunTokenizer tokenizer = data.Tokenizer;
    private readonly ConfounderScorer scorer = new(teacher, student, data, device);

    public DetectionOutcome Run(IReadOnlyList<ArithmeticProblem> train, CancellationToken ct)
    {
        var examined = train.Take(settings.DetectionSamples ?? train.Count).ToArray();
        var detection = new DetectionSettings(settings.ThresholdMode, settings.Rho, settings.Tau, settings.Cap, settings.MaxSpansPerSample);
        var started = Stopwatch.GetTimestamp();

        // Announce the stage before the greedy answers that selection needs, so the page shows detection at once.
        reporter.Stage(new RunStageProgress(RunStageProgress.Detection, 0, examined.Length));
        var teacherRight = AnswersRight(teacher, examined);
        var studentRight = AnswersRight(student, examined);
        var selected = MisleadingSamples.Select(teacherRight, studentRight, settings.Selection);

        var board = settings.LeaderboardSamples is { } boardSamples && !ct.IsCancellationRequested
            ? new LeaderboardStage(scorer, settings, detection).Run([.. selected.Select(i => (i, examined[i])).Where(x => x.Item2.ConfounderSpans is { Count: > 0 }).Take(boardSamples)])
            : null;

        var counterfactuals = new List<LeafExample>();
        var quality = new List<QualitySample>();
        int flat = 0, spans = 0, promptTokens = 0, prunedTokens = 0;
        reporter.Stage(new RunStageProgress(RunStageProgress.Detection, 0, selected.Length));
        foreach (var chunk in selected.Chunk(ChunkSize))
        {
            if (ct.IsCancellationRequested) break;
            var problems = chunk.Select(i => examined[i]).ToArray();
            var layouts = problems.Select(PromptLayout.Of).ToArray();
            var raws = scorer.Score(settings.Scorer, settings, [.. problems.Select((p, j) => (p, layouts[j].Offsets, ProtectedTokens.Of(p.Prompt, layouts[j].Offsets)))]);
            var reported = new List<DetectedSample>(chunk.Length);
            var pending = new List<(int Index, ArithmeticProblem Problem, ArithmeticProblem? Rebuilt)>();
            var described = new List<(int Index, Func<bool[]?, DetectedSample> Describe, int First, int Count)>();
            for (var j = 0; j < chunk.Length; j++)
            {
                var (index, problem) = (chunk[j], problems[j]);
                var layout = layouts[j];
                var isProtected = ProtectedTokens.Of(problem.Prompt, layout.Offsets);
                var compared = board?.Compared.GetValueOrDefault(index);
                if (raws[j] is not { } raw)
                {
                    described.Add((index, _ => Describe(index, problem, layout, isProtected, null, null, null, [], teacherRight[index], studentRight[index], null, compared), pending.Count, 0));
                    continue;
                }
                var (t, s) = (raw.Teacher, raw.Student);
                var (found, shown) = FlagDecision.Decide(problem.Prompt, layout.Offsets, isProtected, raw, detection, settings.SpanUnit, settings.ProtectTeacherNumbersAbove);
                if (found.Status != DetectionStatus.Ok) flat++;
                var pruned = Counterfactuals.ForSample(problem.Prompt, layout.Offsets, found);
                var first = pending.Count;
                foreach (var cf in pruned) pending.Add((index, problem, TryRetokenize(problem, cf.Pruned.Text)));
                spans += found.Spans.Count;
                promptTokens += layout.Offsets.Length;
                prunedTokens += found.Flagged.Count(f => f);
                if (problem.ConfounderSpans is { Count: > 0 } gold && found.Status == DetectionStatus.Ok)
                    quality.Add(new QualitySample(layout.Offsets, isProtected, found.StudentNormalized, found.Flagged, [.. gold]));
                string[] texts = [.. pruned.Select(c => c.Pruned.Text)];
                described.Add((index, fixes => Describe(index, problem, layout, shown, found, t, s, texts, teacherRight[index], studentRight[index], fixes, compared), first, pruned.Count));
            }

            // Optional flip verification (leaf.md §2.1): keep a counterfactual only if pruning fixes the answer.
            var fixes = Verify([.. pending.Select(p => p.Rebuilt)]);
            for (var k = 0; k < pending.Count; k++)
                if (pending[k].Rebuilt is { } rebuilt && (fixes is null || fixes[k])) counterfactuals.Add(new LeafExample(rebuilt, true, pending[k].Index));
            foreach (var (_, describe, first, count) in described)
                reported.Add(describe(fixes is null ? null : fixes[first..(first + count)]));
            reporter.Detected(reported);
            reporter.Stage(new RunStageProgress(RunStageProgress.Detection, Math.Min(selected.Length, Array.IndexOf(selected, chunk[^1]) + 1), selected.Length));
        }

        // Response level (leaf.md §2.7): only responses with a step boundary contribute; bare answers yield nothing.
        var responseLevel = settings.Mask == LeafMasks.InstructionResponse && !ct.IsCancellationRequested
            ? new ResponseLevelDetection(teacher, student, device, detection, data, settings).Run([.. selected.Select(i => (i, examined[i]))])
            : [];
        counterfactuals.AddRange(responseLevel);

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var metrics = new List<(string, double)>
        {
            (LeafMetricNames.DetectSamples, examined.Length),
            (LeafMetricNames.DetectSelected, selected.Length),
            (LeafMetricNames.DetectFlat, flat),
            (LeafMetricNames.DetectSpans, spans),
            (LeafMetricNames.DetectCounterfactuals, counterfactuals.Count),
            (LeafMetricNames.DetectResponseCounterfactuals, responseLevel.Count),
            (LeafMetricNames.DetectPrunedTokenFraction, promptTokens == 0 ? 0 : (double)prunedTokens / promptTokens),
            (LeafMetricNames.DetectMsPerSample, selected.Length == 0 ? 0 : 1000 * seconds / selected.Length),
        };
        if (board is not null) metrics.AddRange(board.Metrics);
        if (quality.Count > 0)
        {
            var report = DetectionQuality.Evaluate(quality, randomSeed: 1234);
            foreach (var (method, scores) in new[] { ("leaf", report.Leaf), ("student_only", report.StudentOnly), ("random", report.Random) })
            {
                metrics.Add((LeafMetricNames.Quality(method, "precision"), scores.Precision));
                metrics.Add((LeafMetricNames.Quality(method, "recall"), scores.Recall));
                metrics.Add((LeafMetricNames.Quality(method, "f1"), scores.F1));
                metrics.Add((LeafMetricNames.Quality(method, "hit_rate"), scores.HitRate));
                metrics.Add((LeafMetricNames.Quality(method, "mostly_inside"), scores.MostlyInsideShare));
                metrics.Add((LeafMetricNames.Quality(method, "span_precision"), scores.SpanPrecision));
                metrics.Add((LeafMetricNames.Quality(method, "span_recall"), scores.SpanRecall));
                metrics.Add((LeafMetricNames.Quality(method, "span_f1"), scores.SpanF1));
            }
        }
        return new DetectionOutcome(counterfactuals, metrics);
    }

    /// <summary>
    /// Null when verification is off; otherwise, per counterfactual, whether the student (and, for <c>both</c>, the
    /// teacher) answers it right. A counterfactual that could not be re-tokenised counts as not fixed.
    /// </summary>
    private bool[]? Verify(IReadOnlyList<ArithmeticProblem?> rebuilt)
    {
        if (settings.VerifyFlip == LeafVerifications.Off) return null;
        var present = rebuilt.Select((p, i) => (p, i)).Where(x => x.p is not null).ToArray();
        var fixes = new bool[rebuilt.Count];
        if (present.Length == 0) return fixes;
        var problems = present.Select(x => x.p!).ToArray();
        var studentRight = AnswersRight(student, problems);
        var teacherRight = settings.VerifyFlip == LeafVerifications.Both ? AnswersRight(teacher, problems) : null;
        for (var k = 0; k < present.Length; k++) fixes[present[k].i] = studentRight[k] && (teacherRight?[k] ?? true);
        return fixes;
    }

    private bool[] AnswersRight(ICausalLanguageModel model, IReadOnlyList<ArithmeticProblem> problems)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            var answers = GreedyAnswers.Of(model, problems, tokenizer, device, batchSize: 256);
            return [.. problems.Select((p, i) => GreedyAnswers.IsRight(p, answers[i], tokenizer.EosId))];
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    // The pruned prompt keeps the original answer: only the context changes (leaf.md §3.1).
    private ArithmeticProblem? TryRetokenize(ArithmeticProblem original, string prunedPrompt) =>
        string.IsNullOrWhiteSpace(prunedPrompt) ? null : data.WithPrompt(original, prunedPrompt);

    private DetectedSample Describe(int index, ArithmeticProblem problem, PromptLayout layout, bool[] isProtected, TokenDetection? found,
                                    double[]? teacherRaw, double[]? studentRaw, string[] counterfactuals, bool teacherRight, bool studentRight,
                                    bool[]? counterfactualFixes, ScorerComparison? compared = null)
    {
        static float[] F(IEnumerable<double>? values) => values is null ? [] : [.. values.Select(v => (float)v)];
        var status = found is null ? "failed" : found.Status switch
        {
            DetectionStatus.Ok => "ok",
            DetectionStatus.Flat => "flat",
            DetectionStatus.TooShort => "too_short",
            _ => "failed",
        };
        return new DetectedSample(
            index, problem.Prompt, problem.Answer, status,
            [.. layout.Offsets.Select(o => problem.Prompt[o.Start..o.End])],
            [.. layout.Offsets.Select(o => o.Start)], [.. layout.Offsets.Select(o => o.End)],
            isProtected, F(teacherRaw), F(studentRaw), F(found?.TeacherNormalized), F(found?.StudentNormalized), F(found?.Delta),
            found?.Threshold ?? 0,
            [.. (found?.Spans ?? []).Select(s => new[] { s.Start, s.End })],
            [.. (problem.ConfounderSpans ?? []).Select(g => new[] { g.Start, g.End })],
            counterfactuals, teacherRight, studentRight, counterfactualFixes)
        {
            ScorerSpans = compared?.Spans,
            ScorerDelta = compared?.Delta,
        };
    }
}

/// <summary>Stage 1's product: the counterfactual rows for stage 2 and the detect/* metrics.</summary>
public sealed record DetectionOutcome(IReadOnlyList<LeafExample> Counterfactuals, IReadOnlyList<(string Name, double Value)> Metrics);
