using System.Diagnostics;
using System.Globalization;
using Workbench.Experiments;
using Workbench.Experiments.Leaf;
using Workbench.Training.Checkpoints;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Trainer;
using Workbench.Training.Trainer.TeacherCache;

namespace Workbench.Benchmarks;

/// <summary>
/// <c>... -- topk-cache [--steps N] [--k K] [--fp32]</c>: steps/s of the demo distillation with a <c>top_k_kl</c> term
/// (the built-in pair: a 4 × 128 teacher, random weights, since speed does not depend on them; a 2 × 64 student) from
/// the live teacher, then from a cold and a warm top-k cache, with the cache's build time and size. In-process, no server.
/// </summary>
internal static class TopKCacheBenchmark
{
    public static int Run(string[] args)
    {
        var steps = Option(args, "--steps", 100);
        var k = Option(args, "--k", 16);
        var values = args.Contains("--fp32") ? TopKValueType.Float32 : TopKValueType.Float16;
        var dir = Path.Combine(Path.GetTempPath(), "wb-topk-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var vocab = WordTokenizer.ForArithmetic().VocabSize;
            var teacherConfig = GptConfig.FromModelRef(RunPresets.DemoTeacher.Config.Student, vocab);
            var teacherPath = Path.Combine(dir, "teacher.safetensors");
            using (var teacher = new Gpt(teacherConfig)) GptCheckpoint.Save(teacher, teacherConfig, teacherPath, WordTokenizer.ArithmeticId);
            var config = RunPresets.DemoDistill.Config with
            {
                Name = "topk-bench",
                Steps = steps,
                EvalEvery = steps,
                Objectives =
                [
                    new ObjectiveTerm { Kind = ObjectiveKinds.CrossEntropy, Weight = 0.5 },
                    new ObjectiveTerm { Kind = ObjectiveKinds.TopKKl, Weight = 0.5, Temperature = 2, TopK = k },
                ],
            };
            Console.WriteLine($"top_k_kl k = {k} (V = {vocab}), {values}, {steps} steps of batch {config.BatchSize}, teacher 4 x 128, student 2 x 64");
            Console.WriteLine("| teacher | steps/s | cache build s | cache MB | reused |");
            Console.WriteLine("|---|---|---|---|---|");
            foreach (var (name, useCache) in new[] { ("live", false), ("cache (cold)", true), ("cache (warm)", true) })
            {
                var reporter = new Reporter();
                var options = new TrainingOptions(Path.Combine(dir, "runs", name), teacherPath)
                {
                    UseTeacherCache = useCache, TeacherCacheValues = values, CacheDirectory = Path.Combine(dir, "cache"),
                    EvalLossSamples = 16, EvalAccuracySamples = 1,
                };
                TrainingRun.Run(config, options, reporter, CancellationToken.None);
                string Of(string metric, string format) => reporter.Values.TryGetValue(metric, out var v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
                Console.WriteLine($"| {name} | {reporter.StepsPerSecond(steps).ToString("F1", CultureInfo.InvariantCulture)} | {Of(TeacherCacheMetrics.BuildSeconds, "F2")} | {Of(TeacherCacheMetrics.Megabytes, "F2")} | {Of(TeacherCacheMetrics.Reused, "F0")} |");
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

    // Times the training loop alone: from the first step's report to the last (cache build and final eval excluded).
    private sealed class Reporter : ITrainingReporter
    {
        private long _first, _last;

        public Dictionary<string, double> Values { get; } = [];

        public double StepsPerSecond(int steps) => (steps - 1) / Stopwatch.GetElapsedTime(_first, _last).TotalSeconds;

        public void Started(RunStarted info) { }
        public void Metrics(IReadOnlyList<MetricPoint> points) { foreach (var p in points) Values[p.Name] = p.Value; }
        public void CheckpointSaved(CheckpointSaved checkpoint) { }
        public void Stage(RunStageProgress stage) { }

        public void Progress(RunProgress progress)
        {
            _last = Stopwatch.GetTimestamp();
            if (progress.Step == 1) _first = _last;
        }
    }
}
