using System.Diagnostics;
using System.Globalization;
using Workbench.Experiments;
using Workbench.Training.Demo;
using Workbench.Training.Trainer;

namespace Workbench.Benchmarks;

/// <summary>
/// <c>... -- cross-tokenizer [--steps N] [--teacher-steps N] [--seeds 1,2,3] [--eval-samples N] [--dir D]</c>: the cross-tokenizer demo in process.
/// Trains the demo teacher (word vocabulary, <see cref="RunPresets.DemoTeacher"/>), makes the demo folders, then for each seed
/// trains the small-BPE student with CE only, CE + ULD and CE + token alignment (<see cref="CrossTokenizerDemo"/>, same steps)
/// and prints each one's final eval accuracy and loss, the mean and 95 % t-interval over seeds, and the difference to CE only
/// paired by seed, as the sweep verdict reports them.
/// </summary>
internal static class CrossTokenizerBenchmark
{
    public static int Run(string[] args)
    {
        var steps = Option(args, "--steps", 600);
        var teacherSteps = Option(args, "--teacher-steps", 600);
        var seeds = (Text(args, "--seeds") ?? "1,2,3").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var dir = Text(args, "--dir") ?? Path.Combine(Path.GetTempPath(), "wb-xtok-bench");
        var evalSamples = Option(args, "--eval-samples", 200);
        var models = Path.Combine(dir, "models");
        DemoModelFolders.EnsureCreated(models);

        var teacherPath = Path.Combine(dir, "teacher", "model.safetensors");
        if (!File.Exists(teacherPath))
        {
            var clock = Stopwatch.StartNew();
            var teacher = TrainingRun.Run(RunPresets.DemoTeacher.Config with { Steps = teacherSteps, EvalEvery = teacherSteps },
                                          new TrainingOptions(Path.GetDirectoryName(teacherPath)!) { EvalLossSamples = evalSamples, EvalAccuracySamples = evalSamples },
                                          new Reporter(), CancellationToken.None);
            Console.WriteLine($"teacher (words, 4 x 128, {teacherSteps} steps, {clock.Elapsed.TotalSeconds:F0} s): eval accuracy {teacher.FinalEval?.Accuracy:F3}, loss {teacher.FinalEval?.Loss:F3}");
            teacherPath = teacher.FinalCheckpointPath;
        }

        var results = new Dictionary<string, List<(int Seed, double Accuracy, double Loss)>>();
        foreach (var seed in seeds)
            foreach (var preset in CrossTokenizerDemo.Presets(models, seed))
            {
                var clock = Stopwatch.StartNew();
                var config = preset.Config with { Steps = steps, EvalEvery = steps };
                var options = new TrainingOptions(Path.Combine(dir, "runs", $"{preset.Id}-{seed}"), config.Teacher is null ? null : teacherPath)
                {
                    EvalLossSamples = evalSamples, EvalAccuracySamples = evalSamples,
                };
                var result = TrainingRun.Run(config, options, new Reporter(), CancellationToken.None);
                var eval = result.FinalEval!;
                Console.WriteLine($"{preset.Id} seed {seed}: accuracy {eval.Accuracy:F3}, loss {eval.Loss:F3} ({clock.Elapsed.TotalSeconds:F0} s)");
                (results.TryGetValue(preset.Id, out var list) ? list : results[preset.Id] = []).Add((seed, eval.Accuracy, eval.Loss));
            }

        Console.WriteLine($"\n| objective ({steps} steps, {seeds.Length} seeds) | eval accuracy | eval loss | Δ accuracy vs CE (paired) | Δ loss vs CE (paired) |");
        Console.WriteLine("|---|---|---|---|---|");
        var baseline = results["xtok-ce"];
        foreach (var (id, runs) in results)
        {
            string Paired(Func<(int Seed, double Accuracy, double Loss), double> metric) => id == "xtok-ce" ? "—" :
                Interval([.. runs.Select(r => metric(r) - metric(baseline.First(b => b.Seed == r.Seed)))]);
            Console.WriteLine($"| {id} | {Interval([.. runs.Select(r => r.Accuracy)])} | {Interval([.. runs.Select(r => r.Loss)])} | {Paired(r => r.Accuracy)} | {Paired(r => r.Loss)} |");
        }
        return 0;
    }

    // Mean ± the 95 % t-interval's half-width (the sweep verdict's interval), and the interval itself.
    private static string Interval(double[] values)
    {
        var mean = values.Average();
        if (values.Length < 2) return mean.ToString("F3", CultureInfo.InvariantCulture);
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        double[] t975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262];
        var half = t975[Math.Min(values.Length - 2, t975.Length - 1)] * sd / Math.Sqrt(values.Length);
        return string.Create(CultureInfo.InvariantCulture, $"{mean:F3} ± {half:F3} [{mean - half:F3}, {mean + half:F3}]");
    }

    private static int Option(string[] args, string name, int fallback) =>
        Text(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? Text(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private sealed class Reporter : ITrainingReporter
    {
        public void Started(RunStarted info) { }
        public void Metrics(IReadOnlyList<MetricPoint> points) { }
        public void Progress(RunProgress progress) { if (progress.Step % 50 == 0) Console.WriteLine($"  step {progress.Step} {DateTime.UtcNow:HH:mm:ss}"); }
        public void CheckpointSaved(CheckpointSaved checkpoint) { }
    }
}
