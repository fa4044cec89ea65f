using System.Diagnostics;
using Workbench.Experiments;
using Workbench.Training.Tests.Shared;
using Workbench.Training.Trainer;
using Xunit.Abstractions;

namespace Workbench.Training.Tests.Trainer;

public sealed class TuningBenchmark(ITestOutputHelper testOutput)
{
    private static double Env(string name, double fallback) =>
        double.TryParse(Environment.GetEnvironmentVariable(name), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : fallback;

    [BenchmarkFact]
    public void Tune_FromEnvironment_Prints()
    {
        using var dir = new TempDirectory();
        var teacher = Environment.GetEnvironmentVariable("WB_TEACHER");
        var output = Environment.GetEnvironmentVariable("WB_OUT") ?? dir.Path;
        var config = new RunConfig
        {
            Name = "tune",
            Student = new ModelRef { Layers = (int)Env("WB_LAYERS", 4), Heads = (int)Env("WB_HEADS", 4), Width = (int)Env("WB_WIDTH", 128), Context = 64 },
            Steps = (int)Env("WB_STEPS", 400),
            BatchSize = (int)Env("WB_BATCH", 32),
            LearningRate = Env("WB_LR", 1e-3),
            EvalEvery = (int)Env("WB_EVAL", 50),
            Seed = (int)Env("WB_SEED", 1234),
        };
        if (teacher is not null)
            config = config with
            {
                Teacher = new ModelRef { Checkpoint = "t" },
                Objectives =
                [
                    new ObjectiveTerm { Kind = ObjectiveKinds.CrossEntropy, Weight = Env("WB_CEW", 0.5) },
                    new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl, Weight = Env("WB_KLW", 0.5), Temperature = Env("WB_T", 2) },
                ],
            };
        var reporter = new RecordingReporter();
        var clock = Stopwatch.StartNew();
        var result = TrainingRun.Run(config, new TrainingOptions(output, teacher, Threads: 1), reporter, CancellationToken.None);
        var line = $"{(teacher is null ? "" : "distill ")}L{config.Student.Layers} W{config.Student.Width} lr {config.LearningRate} B {config.BatchSize} steps {config.Steps} seed {config.Seed}: {clock.Elapsed.TotalSeconds:F1} s, " +
                   string.Join(" ", reporter.Series(MetricNames.EvalAccuracy).Select(p => $"{p.Step}:{p.Value:F2}"));
        line += $" | mid {reporter.ProgressCalls.ElementAt(reporter.ProgressCalls.Count / 2).StepsPerSecond:F1} steps/s";
        testOutput.WriteLine(line);
        File.AppendAllText("/tmp/wb-tune.log", line + Environment.NewLine);
    }
}
