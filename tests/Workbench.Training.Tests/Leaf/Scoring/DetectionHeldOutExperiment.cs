using System.Diagnostics;
using System.Text.Json;
using Workbench.Experiments.Leaf;
using Workbench.Training.Checkpoints;
using Workbench.Training.Data;
using Workbench.Training.Leaf;
using Workbench.Training.Leaf.Pipeline;
using Workbench.Training.Leaf.Scoring;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Leaf.Scoring;

/// <summary>
/// The detection leaderboard of trained distractor-benchmark models on the shortcut split generated with any seeds
/// (<c>WORKBENCH_BOARD_SEEDS</c>, comma-separated; <c>default</c> is the built-in seed, whose first N shortcut samples are
/// the in-run board's): tune on one seed, measure on another. Checkpoints: <c>WORKBENCH_BOARD_TEACHER</c>,
/// <c>WORKBENCH_BOARD_STUDENT</c>; samples <c>WORKBENCH_BOARD_SAMPLES</c> (150). Writes <c>board-&lt;seed&gt;.md</c> (every row)
/// and <c>raw-&lt;seed&gt;.json</c> (per-sample scores and intervention effects) to <c>WORKBENCH_BOARD_OUT</c> (/tmp/board).
/// </summary>
public sealed class DetectionHeldOutExperiment
{
    [ExperimentFact]
    public void Board_OnGeneratedSeeds_WritesEveryRow()
    {
        string Env(string name, string? fallback = null) =>
            Environment.GetEnvironmentVariable(name) ?? fallback ?? throw new InvalidOperationException($"Set {name}.");
        var output = Directory.CreateDirectory(Env("WORKBENCH_BOARD_OUT", "/tmp/board")).FullName;
        var count = int.Parse(Env("WORKBENCH_BOARD_SAMPLES", "150"));
        set_num_threads(1);
        using var teacher = GptCheckpoint.Load(Env("WORKBENCH_BOARD_TEACHER"));
        using var student = GptCheckpoint.Load(Env("WORKBENCH_BOARD_STUDENT"));
        var leaf = new LeafConfig { LeaderboardSamples = count };

        foreach (var seed in Env("WORKBENCH_BOARD_SEEDS", "default").Split(','))
        {
            var generated = seed == "default" ? DistractorProblems.CreateDefault() : DistractorProblems.Generate(int.Parse(seed), count, count);
            var data = new DatasetSplits(generated.Shortcut, generated.InDistributionTest, generated.Tokenizer, new Dictionary<string, IReadOnlyList<ArithmeticProblem>>());
            var scorer = new ConfounderScorer(teacher, student, data, CPU);
            var samples = generated.Shortcut.Take(count).Select((p, i) => (i, p)).ToArray();
            var outcome = new LeaderboardStage(scorer, leaf, new DetectionSettings()).Run(samples);
            File.WriteAllLines(Path.Combine(output, $"board-{seed}.tsv"), outcome.Metrics.Select(m => $"{m.Name}\t{m.Value:R}"));

            var inputs = samples.Select(s =>
            {
                var layout = PromptLayout.Of(s.p);
                return (s.p, layout.Offsets, ProtectedTokens.Of(s.p.Prompt, layout.Offsets));
            }).ToArray();
            var started = Stopwatch.GetTimestamp();
            var gradient = scorer.Score(LeafScorers.GradientNorm, leaf, inputs);
            var gradientMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds / count;
            started = Stopwatch.GetTimestamp();
            var effects = scorer.Intervene(leaf, inputs);
            var interventionMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds / count;
            started = Stopwatch.GetTimestamp();
            var numbers = scorer.Intervene(leaf with { InterventionCandidates = LeafSpanUnits.Numbers }, inputs);
            var numbersMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds / count;
            var down = InterventionScorer.Score(teacher, student, [.. inputs.Select(x =>
            {
                var clauses = SpanUnits.Spans(SpanUnits.Of(x.p.Prompt, x.Offsets, LeafSpanUnits.Clause), x.Offsets.Length)
                    .Where(span => !x.p.Prompt[x.Offsets[span.Start].Start..x.Offsets[span.End - 1].End].TrimEnd().EndsWith('?'))
                    .Select(span => (span, text: new[] { -1, +1 }.Select(by => NumberEdits.Shift(x.p.Prompt, x.Offsets, span, by))
                                                                 .FirstOrDefault(t => t is not null && data.WithPrompt(x.p, t) is not null)))
                    .Where(e => e.text is not null).ToArray();
                return new InterventionScorer.Candidates(x.p, x.Offsets, [.. clauses.Select(e => e.span)], [.. clauses.Select(e => e.text!)]);
            })], data.WithPrompt, data.Tokenizer.PadId, CPU);
            var dump = inputs.Select((x, k) => new
            {
                prompt = x.p.Prompt,
                offsets = x.Offsets.Select(o => new[] { o.Start, o.End }),
                gold = x.p.ConfounderSpans!.Select(g => new[] { g.Start, g.End }),
                gradTeacher = gradient[k]?.Teacher,
                gradStudent = gradient[k]?.Student,
                effTeacher = effects[k]?.Teacher,
                effStudent = effects[k]?.Student,
                numTeacher = numbers[k]?.Teacher,
                numStudent = numbers[k]?.Student,
                numScored = numbers[k]?.Scored,
                downTeacher = down[k]?.Teacher,
                downStudent = down[k]?.Student,
            });
            File.WriteAllText(Path.Combine(output, $"raw-{seed}.json"),
                JsonSerializer.Serialize(new { seed, gradientMs, interventionMs, numbersMs, samples = dump }));
        }
    }
}
