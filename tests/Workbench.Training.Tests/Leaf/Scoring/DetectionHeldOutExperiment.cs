using System.Diagnostics;
using System.Text.Json;
using Workbench.Experiments;
using Workbench.Experiments.Leaf;
using Workbench.ModelFolders.Decoders;
using Workbench.Training.Checkpoints;
using Workbench.Training.Data;
using Workbench.Training.Leaf;
using Workbench.Training.Leaf.Pipeline;
using Workbench.Training.Leaf.Scoring;
using Workbench.Training.Models;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Leaf.Scoring;

/// <summary>
/// The detection leaderboard of trained distractor-benchmark models on the shortcut split generated with any seeds
/// (<c>WORKBENCH_BOARD_SEEDS</c>, comma-separated; <c>default</c> is the built-in seed, whose first N shortcut samples are
/// the in-run board's; <c>jsonl</c> is the train split of the imported file <c>WORKBENCH_BOARD_JSONL</c>, e.g. the GSM-IC-style
/// corpus): tune on one seed, measure on another. Checkpoints: <c>WORKBENCH_BOARD_TEACHER</c>, <c>WORKBENCH_BOARD_STUDENT</c>;
/// samples <c>WORKBENCH_BOARD_SAMPLES</c> (150). Writes <c>board-&lt;seed&gt;.tsv</c> (every row), <c>raw-&lt;seed&gt;.json</c>
/// (per-sample scores; per clause the effect of each single number edit ±1, ±2) and <c>cost-&lt;seed&gt;.json</c> to
/// <c>WORKBENCH_BOARD_OUT</c> (/tmp/board). Cost: <c>WORKBENCH_BOARD_ROUNDS</c> (3) rounds in this one warm process, the
/// gradient norm, the number edits (every clause to the teacher) and the same with the bounded teacher, each with the edited
/// rows' shared prefixes reused and run in full, in alternating order, each round timing all five over the same samples;
/// plus the forward rows and tokens each model read.
/// </summary>
public sealed class DetectionHeldOutExperiment
{
    private static readonly int[] s_edits = [+1, -1, +2, -2];

    [ExperimentFact]
    public void Board_OnGeneratedSeeds_WritesEveryRow()
    {
        string Env(string name, string? fallback = null) =>
            Environment.GetEnvironmentVariable(name) ?? fallback ?? throw new InvalidOperationException($"Set {name}.");
        var output = Directory.CreateDirectory(Env("WORKBENCH_BOARD_OUT", "/tmp/board")).FullName;
        var count = int.Parse(Env("WORKBENCH_BOARD_SAMPLES", "150"));
        var rounds = int.Parse(Env("WORKBENCH_BOARD_ROUNDS", "3"));
        set_num_threads(1);
        using var teacher = GptCheckpoint.Load(Env("WORKBENCH_BOARD_TEACHER"));
        using var student = GptCheckpoint.Load(Env("WORKBENCH_BOARD_STUDENT"));
        var leaf = new LeafConfig { LeaderboardSamples = count };

        foreach (var seed in Env("WORKBENCH_BOARD_SEEDS", "default").Split(','))
        {
            var (data, problems) = Load(seed, count, () => Env("WORKBENCH_BOARD_JSONL"));
            var scorer = new ConfounderScorer(teacher, student, data, CPU);
            var samples = problems.Take(count).Select((p, i) => (i, p)).ToArray();
            if (Environment.GetEnvironmentVariable("WORKBENCH_BOARD_COST_ONLY") == "1")
            {
                var costInputs = samples.Select(s => (s.p, PromptLayout.Of(s.p).Offsets, ProtectedTokens.Of(s.p.Prompt, PromptLayout.Of(s.p).Offsets))).ToArray();
                File.WriteAllText(Path.Combine(output, $"cost-{seed}.json"), JsonSerializer.Serialize(Cost(scorer, leaf, costInputs, teacher, student, rounds)));
                continue;
            }
            var outcome = new LeaderboardStage(scorer, leaf, new DetectionSettings()).Run(samples);
            File.WriteAllLines(Path.Combine(output, $"board-{seed}.tsv"), outcome.Metrics.Select(m => $"{m.Name}\t{m.Value:R}"));

            var inputs = samples.Select(s =>
            {
                var layout = PromptLayout.Of(s.p);
                return (s.p, layout.Offsets, ProtectedTokens.Of(s.p.Prompt, layout.Offsets));
            }).ToArray();
            File.WriteAllText(Path.Combine(output, $"cost-{seed}.json"), JsonSerializer.Serialize(Cost(scorer, leaf, inputs, teacher, student, rounds)));

            var gradient = scorer.Score(LeafScorers.GradientNorm, leaf, inputs);
            var clauses = inputs.Select(x => SpanUnits.Spans(SpanUnits.Of(x.p.Prompt, x.Offsets, LeafSpanUnits.Clause), x.Offsets.Length)
                .Where(span => NumberEdits.HasNumber(x.p.Prompt, x.Offsets, span)
                               && !x.p.Prompt[x.Offsets[span.Start].Start..x.Offsets[span.End - 1].End].TrimEnd().EndsWith('?'))
                .ToArray()).ToArray();
            // One edit per clause and run, so each edit's effect stays separate (a clause the edit cannot tokenise is left out).
            var single = s_edits.ToDictionary(by => by, by => InterventionScorer.Score(teacher, student, [.. inputs.Select((x, k) =>
            {
                var edited = clauses[k].Select(span => (span, text: NumberEdits.Shift(x.p.Prompt, x.Offsets, span, by)))
                                       .Where(e => e.text is not null && data.WithPrompt(x.p, e.text) is not null).ToArray();
                return new InterventionScorer.Candidates(x.p, x.Offsets, [.. edited.Select(e => e.span)], [.. edited.Select(e => e.text!)]);
            })], data.WithPrompt, data.Tokenizer.PadId, CPU));
            var dump = inputs.Select((x, k) => new
            {
                prompt = x.p.Prompt,
                offsets = x.Offsets.Select(o => new[] { o.Start, o.End }),
                gold = x.p.ConfounderSpans!.Select(g => new[] { g.Start, g.End }),
                gradTeacher = gradient[k]?.Teacher,
                gradStudent = gradient[k]?.Student,
                clauses = clauses[k].Select(span => new
                {
                    start = span.Start,
                    end = span.End,
                    edits = s_edits.Where(by => single[by][k]?.Scored?[span.Start] == true)
                                   .ToDictionary(by => by.ToString(), by => new[] { single[by][k]!.Teacher[span.Start], single[by][k]!.Student[span.Start] }),
                }),
            });
            File.WriteAllText(Path.Combine(output, $"raw-{seed}.json"), JsonSerializer.Serialize(new { seed, samples = dump }));
        }
    }

    private static (DatasetSplits Data, IReadOnlyList<ArithmeticProblem> Problems) Load(string seed, int count, Func<string> jsonl)
    {
        if (seed == "jsonl")
        {
            var data = TextDatasetSplits.From(TextDataset.LoadAsync(jsonl()).GetAwaiter().GetResult());
            return (data, data.Train);
        }
        var generated = seed == "default" ? DistractorProblems.CreateDefault() : DistractorProblems.Generate(int.Parse(seed), count, count);
        return (new DatasetSplits(generated.Shortcut, generated.InDistributionTest, generated.Tokenizer, new Dictionary<string, IReadOnlyList<ArithmeticProblem>>()),
                generated.Shortcut);
    }

    // Same process, warm (one untimed pass of each first), alternating order per round; ms per sample and forward passes.
    private static object Cost(ConfounderScorer scorer, LeafConfig leaf, (ArithmeticProblem p, CharSpan[] Offsets, bool[])[] inputs,
                               Gpt teacher, Gpt student, int rounds)
    {
        var numbers = leaf with { InterventionCandidates = LeafSpanUnits.Numbers, InterventionEffect = LeafInterventionEffects.Moves, ThresholdMode = LeafThresholdModes.Top };
        var bounded = numbers with { InterventionTeacher = LeafInterventionTeachers.Bounded };
        var first = numbers with { InterventionTeacherEdits = LeafInterventionTeacherEdits.First };
        var firstBounded = bounded with { InterventionTeacherEdits = LeafInterventionTeacherEdits.First };
        var (fullPasses, boundedPasses, firstPasses, firstBoundedPasses) = (new InterventionPasses(), new InterventionPasses(), new InterventionPasses(), new InterventionPasses());
        var (fullForwardPasses, boundedFullForwardPasses) = (new InterventionPasses(), new InterventionPasses());
        // "_full_forward": every edited row run from its first token (the third pass's cost); the others reuse the original's prefix.
        var cases = new (string Name, Action Run)[]
        {
            ("gradient_norm", () => scorer.Score(LeafScorers.GradientNorm, leaf, inputs)),
            ("numbers_moves", () => scorer.Intervene(numbers, inputs)),
            ("numbers_moves_bounded", () => scorer.Intervene(bounded, inputs)),
            ("numbers_moves_full_forward", () => scorer.Intervene(numbers, inputs, reusePrefixes: false)),
            ("numbers_moves_bounded_full_forward", () => scorer.Intervene(bounded, inputs, reusePrefixes: false)),
        };
        scorer.Intervene(numbers, inputs, fullPasses);                              // warm-up, and the pass counts
        scorer.Intervene(bounded, inputs, boundedPasses);
        scorer.Intervene(first, inputs, firstPasses);
        scorer.Intervene(firstBounded, inputs, firstBoundedPasses);
        scorer.Intervene(numbers, inputs, fullForwardPasses, reusePrefixes: false);
        scorer.Intervene(bounded, inputs, boundedFullForwardPasses, reusePrefixes: false);
        scorer.Score(LeafScorers.GradientNorm, leaf, inputs);
        // Wall time and this process's CPU time (one libtorch thread, so CPU time is the work done, much less sensitive to
        // other processes competing for the cores than wall time).
        var ms = cases.ToDictionary(c => c.Name, _ => new List<double>());
        var cpuMs = cases.ToDictionary(c => c.Name, _ => new List<double>());
        using var process = Process.GetCurrentProcess();
        for (var r = 0; r < rounds; r++)
            foreach (var (name, run) in r % 2 == 0 ? cases : cases.Reverse())
            {
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                var started = Stopwatch.GetTimestamp();
                run();
                ms[name].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds / inputs.Length);
                process.Refresh();
                cpuMs[name].Add((process.TotalProcessorTime - cpu).TotalMilliseconds / inputs.Length);
            }
        var tokens = inputs.Sum(x => (long)x.p.TokenIds.Length);
        var meanLength = (double)tokens / inputs.Length;
        double Flops(Gpt model, long forwardTokens, bool backward) => forwardTokens * FlopsPerToken(model.Shape, meanLength, backward);
        var gradientFlops = Flops(teacher, tokens, backward: true) + Flops(student, tokens, backward: true);
        // Tokens are those forwarded; each is charged attention over a mean-length row (an edited row's suffix attends to its prefix too).
        object Passes(InterventionPasses p) => new
        {
            teacherRows = p.TeacherRows, teacherTokens = p.TeacherTokens, studentRows = p.StudentRows, studentTokens = p.StudentTokens,
            teacherReusedTokens = p.TeacherReusedTokens, studentReusedTokens = p.StudentReusedTokens,
            flops = Flops(teacher, p.TeacherTokens, false) + Flops(student, p.StudentTokens, false),
            flopsRatio = (Flops(teacher, p.TeacherTokens, false) + Flops(student, p.StudentTokens, false)) / gradientFlops,
        };
        return new
        {
            samples = inputs.Length,
            load = File.ReadAllText("/proc/loadavg").Trim(),
            msPerSample = ms,
            cpuMsPerSample = cpuMs,
            cpuRatioPerRound = Enumerable.Range(0, rounds).Select(r => ms.Keys.Where(k => k != "gradient_norm").ToDictionary(k => k, k => cpuMs[k][r] / cpuMs["gradient_norm"][r])),
            ratioPerRound = Enumerable.Range(0, rounds).Select(r => ms.Keys.Where(k => k != "gradient_norm").ToDictionary(k => k, k => ms[k][r] / ms["gradient_norm"][r])),
            gradient = new { rows = inputs.Length, tokens, forwardAndBackwardPerModel = 1, flops = gradientFlops },
            full = Passes(fullPasses),
            bounded = Passes(boundedPasses),
            teacherFirst = Passes(firstPasses),
            teacherFirstBounded = Passes(firstBoundedPasses),
            fullForward = Passes(fullForwardPasses),
            boundedFullForward = Passes(boundedFullForwardPasses),
        };
    }

    // PaLM's count per token, as the training benchmark's (README "Training throughput"): forward 2N + 4·L·A·T; forward and
    // input-gradient backward with frozen weights 4N + 12·L·A·T (N = weights of the blocks' linear layers and the head, A = width).
    private static double FlopsPerToken(ModelShape s, double meanLength, bool backward)
    {
        var n = 12.0 * s.Layers * s.Width * s.Width + (double)s.Width * s.VocabSize;
        var attention = s.Layers * s.Width * meanLength;
        return backward ? 4 * n + 12 * attention : 2 * n + 4 * attention;
    }
}
