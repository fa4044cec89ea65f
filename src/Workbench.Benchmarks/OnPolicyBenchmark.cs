using System.Diagnostics;
using System.Globalization;
using Workbench.Experiments;
using Workbench.Experiments.Leaf;
using Workbench.Training.Checkpoints;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Trainer;
using Workbench.Training.Trainer.Generated;

namespace Workbench.Benchmarks;

/// <summary>
/// <c>... -- on-policy [--steps N]</c>: the cost of a GKD step (generalized JSD, β = 0.5) against an offline one on the demo
/// distillation (the built-in pair's shapes: a 4 × 128 GPT teacher, random weights, since speed does not depend on them; a
/// 2 × 64 student, batch 16): offline, on-policy at λ = 0.5 and λ = 1 (32 new tokens, temperature 1). CPU seconds of this
/// process per step, so other load on the machine does not skew them; in-process, one libtorch thread.
/// </summary>
internal static class OnPolicyBenchmark
{
    public static int Run(string[] args)
    {
        var steps = Option(args, "--steps", 40);
        var dir = Path.Combine(Path.GetTempPath(), "wb-onpolicy-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var vocab = WordTokenizer.ForArithmetic().VocabSize;
            var teacherConfig = GptConfig.FromModelRef(RunPresets.DemoTeacher.Config.Student, vocab);
            var teacherPath = Path.Combine(dir, "teacher.safetensors");
            using (var teacher = new Gpt(teacherConfig)) GptCheckpoint.Save(teacher, teacherConfig, teacherPath, WordTokenizer.ArithmeticId);
            var config = RunPresets.DemoDistill.Config with
            {
                Name = "on-policy-bench",
                Steps = steps,
                EvalEvery = steps,
                Objectives = [new ObjectiveTerm { Kind = ObjectiveKinds.Jsd, Beta = 0.5 }],
            };
            Console.WriteLine($"generalized JSD (β = 0.5), {steps} steps of batch {config.BatchSize}, teacher 4 x 128, student 2 x 64, 32 new tokens at T = 1");
            Console.WriteLine("| data | CPU ms/step | x offline | on-policy share | sampling CPU ms/step |");
            Console.WriteLine("|---|---|---|---|---|");
            double? offline = null;
            foreach (var (name, data) in new (string, DataConfig?)[]
                     {
                         ("offline", null),
                         ("on_policy λ = 0.5", new DataConfig { Regime = DataRegimes.OnPolicy, Lambda = 0.5, MaxNewTokens = 32 }),
                         ("on_policy λ = 1", new DataConfig { Regime = DataRegimes.OnPolicy, Lambda = 1, MaxNewTokens = 32 }),
                     })
            {
                var reporter = new Reporter();
                var options = new TrainingOptions(Path.Combine(dir, "runs", name.Replace(' ', '-')), teacherPath, Threads: 1) { EvalLossSamples = 16, EvalAccuracySamples = 1 };
                TrainingRun.Run(config with { Data = data }, options, reporter, CancellationToken.None);
                var perStep = reporter.CpuPerStep * 1000;
                offline ??= perStep;
                var share = reporter.Values.GetValueOrDefault(DataRegimeMetrics.OnPolicyShare);
                var sampling = reporter.Sum(DataRegimeMetrics.GenerationSeconds) / steps * 1000;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {perStep:F1} | {perStep / offline:F2} | {share:F2} | {sampling:F1} (wall) |"));
            }
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    // CPU time of the training loop: from the first step's report to the last (setup and the final eval excluded).
    private sealed class Reporter : ITrainingReporter
    {
        private TimeSpan _first, _last;
        private long _firstStep, _lastStep;
        private readonly Dictionary<string, double> _sums = [];

        public Dictionary<string, double> Values { get; } = [];
        public double CpuPerStep => (_last - _first).TotalSeconds / Math.Max(1, _lastStep - _firstStep);
        public double Sum(string name) => _sums.GetValueOrDefault(name);

        public void Started(RunStarted info) { }
        public void CheckpointSaved(CheckpointSaved checkpoint) { }
        public void Stage(RunStageProgress stage) { }

        public void Metrics(IReadOnlyList<MetricPoint> points)
        {
            foreach (var p in points)
            {
                Values[p.Name] = p.Value;
                _sums[p.Name] = _sums.GetValueOrDefault(p.Name) + p.Value;
            }
        }

        public void Progress(RunProgress progress)
        {
            using var process = Process.GetCurrentProcess();
            _last = process.TotalProcessorTime;
            _lastStep = progress.Step;
            if (progress.Step == 1) (_first, _firstStep) = (_last, 1);
        }
    }
}
