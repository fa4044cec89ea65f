using System.Diagnostics;
using System.Globalization;
using Workbench.Experiments;
using Workbench.Training.Checkpoints;
using Workbench.Training.Data;
using Workbench.Training.Tests.Shared;
using Workbench.Training.Trainer;
using Xunit.Abstractions;

namespace Workbench.Training.Tests.Recipes;

/// <summary>
/// The built-in recipe behind the LeaF demo: a 4 × 128 teacher trained on <c>distractor-clean</c> ignores the
/// distractor, a 2 × 64 student trained on <c>distractor-shortcut</c> copies it when it is a near miss.
/// Seeds: <c>WORKBENCH_EXPERIMENT_SEEDS</c> (default "1234,42"); steps: <c>WORKBENCH_EXPERIMENT_TEACHER_STEPS</c> (default
/// 3000: at 1000 the teacher reaches only about 0.77 on id) and <c>WORKBENCH_EXPERIMENT_STUDENT_STEPS</c> (default 600). Each line is also appended to <c>/tmp/distractor-experiment.log</c>.
/// </summary>
public sealed class DistractorShortcutExperiment(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();
    private double _learningRate = 1e-3;

    public void Dispose() => _dir.Dispose();

    [ExperimentFact]
    public void TeacherOnClean_StudentOnShortcut_StudentCopiesTheNearMissDistractor()
    {
        var seeds = (Environment.GetEnvironmentVariable("WORKBENCH_EXPERIMENT_SEEDS") ?? "1234,42")
            .Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var teacherSteps = Setting("WORKBENCH_EXPERIMENT_TEACHER_STEPS", 3000);
        var studentSteps = Setting("WORKBENCH_EXPERIMENT_STUDENT_STEPS", 600);
        var teacherOnly = Environment.GetEnvironmentVariable("WORKBENCH_EXPERIMENT_TEACHER_ONLY") == "1";
        _learningRate = double.Parse(Environment.GetEnvironmentVariable("WORKBENCH_EXPERIMENT_LR") ?? "1e-3", CultureInfo.InvariantCulture);
        var data = DistractorProblems.CreateDefault();
        foreach (var seed in seeds)
        {
            var teacher = Train(BuiltInDatasets.DistractorClean, new ModelRef { Layers = 4, Heads = 4, Width = 128, Context = 64 }, teacherSteps, seed);
            var t = Score(teacher, data);
            if (teacherOnly)
            {
                Report($"seed {seed} | teacher id {t.Id.Accuracy:F3} ood {t.Ood.Accuracy:F3} (copy {t.Ood.CopyRate:F3}) clean {t.Clean.Accuracy:F3}");
                continue;
            }
            var student = Train(BuiltInDatasets.DistractorShortcut, new ModelRef { Layers = 2, Heads = 2, Width = 64, Context = 64 }, studentSteps, seed);
            var s = Score(student, data);
            Report($"seed {seed} | teacher id {t.Id.Accuracy:F3} ood {t.Ood.Accuracy:F3} (copy {t.Ood.CopyRate:F3}) clean {t.Clean.Accuracy:F3}" +
                   $" | student id {s.Id.Accuracy:F3} ood {s.Ood.Accuracy:F3} (copy {s.Ood.CopyRate:F3}) clean {s.Clean.Accuracy:F3} (copy {s.Clean.CopyRate:F3})");
            Assert.True(t.Id.Accuracy > 0.9 && t.Ood.Accuracy > 0.9, "The teacher should solve the problems whatever the distractor.");
            Assert.True(s.Ood.Accuracy < s.Id.Accuracy - 0.2, "The student should be clearly worse out of distribution.");
            Assert.True(s.Ood.CopyRate > 0.3, "The student should copy the near-miss distractor often.");
        }
    }

    private static int Setting(string name, int fallback) =>
        Environment.GetEnvironmentVariable(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    private string Train(string dataset, ModelRef model, int steps, int seed)
    {
        var config = new RunConfig
        {
            Name = $"{dataset}-{seed}",
            Student = model,
            Dataset = dataset,
            Steps = steps,
            BatchSize = 16,
            LearningRate = _learningRate,
            Seed = seed,
            EvalEvery = steps,
        };
        var started = Stopwatch.GetTimestamp();
        var result = TrainingRun.Run(config, new TrainingOptions(_dir.File(config.Name), Threads: 1), new RecordingReporter(), CancellationToken.None);
        Report($"{config.Name}: {model.Layers} x {model.Width}, {steps} steps in {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s, " +
               $"eval loss {result.FinalEval?.Loss:F3}, eval accuracy {result.FinalEval?.Accuracy:F3}");
        if (Environment.GetEnvironmentVariable("WORKBENCH_EXPERIMENT_KEEP") is { } keep)
            File.Copy(result.FinalCheckpointPath, Path.Combine(keep, config.Name + ".safetensors"), overwrite: true);
        return result.FinalCheckpointPath;
    }

    private static (DistractorScore Id, DistractorScore Ood, DistractorScore Clean) Score(string checkpoint, DistractorProblems data)
    {
        using var model = GptCheckpoint.Load(checkpoint);
        return (DistractorEvaluation.Evaluate(model, data.InDistributionTest, data.Tokenizer),
                DistractorEvaluation.Evaluate(model, data.OodTest, data.Tokenizer),
                DistractorEvaluation.Evaluate(model, data.CleanTest, data.Tokenizer));
    }

    private void Report(string line)
    {
        output.WriteLine(line);
        File.AppendAllText(Path.Combine(Path.GetTempPath(), "distractor-experiment.log"), line + Environment.NewLine);
    }
}
