using System.Diagnostics;
using Workbench.Experiments;
using Workbench.Training.Tests.Shared;
using Workbench.Training.Trainer;
using Xunit.Abstractions;

namespace Workbench.Training.Tests.Trainer;

/// <summary>
/// Runs the demo teacher and then the demo distillation exactly as the presets define them, with one libtorch
/// thread, and prints wall time, throughput and accuracy. Run with
/// <c>WORKBENCH_BENCH=1 dotnet test tests/Workbench.Training.Tests --filter DemoPresetsBenchmark --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class DemoPresetsBenchmark(ITestOutputHelper output)
{
    [BenchmarkFact]
    public void DemoPresets_TeacherThenDistill_FastAndAccurate()
    {
        using var dir = new TempDirectory();
        var teacher = Measure(RunPresets.DemoTeacher.Config, new TrainingOptions(dir.File("teacher"), Threads: 1));
        var student = Measure(RunPresets.DemoDistill.Config, new TrainingOptions(dir.File("distill"), teacher.FinalCheckpointPath, Threads: 1));

        Assert.True(teacher.FinalEval!.Accuracy > 0.8, $"teacher accuracy {teacher.FinalEval.Accuracy}");
        Assert.True(student.FinalEval!.Accuracy > 0.5, $"student accuracy {student.FinalEval.Accuracy}");
    }

    private TrainingResult Measure(RunConfig config, TrainingOptions options)
    {
        var reporter = new RecordingReporter();
        var clock = Stopwatch.StartNew();
        var result = TrainingRun.Run(config, options, reporter, CancellationToken.None);
        var wall = clock.Elapsed;
        var progress = reporter.ProgressCalls.ToArray();
        var mid = progress[progress.Length / 2];
        output.WriteLine($"{config.Name}: {result.Steps} steps in {wall.TotalSeconds:F1} s; params {reporter.StartedCalls.Single().ParameterCount:N0}; " +
                         $"mid-run {mid.StepsPerSecond:F1} steps/s, {mid.TokensPerSecond:N0} tokens/s; final eval loss {result.FinalEval!.Loss:F3}, " +
                         $"accuracy {result.FinalEval.Accuracy:P1}{(result.FinalEval.ForwardKl is { } kl ? $", forward KL {kl:F3}" : "")}");
        foreach (var p in reporter.Series(Experiments.MetricNames.EvalAccuracy))
            output.WriteLine($"  step {p.Step}: accuracy {p.Value:F3}, eval loss {reporter.Series(Experiments.MetricNames.EvalLoss).First(e => e.Step == p.Step).Value:F3}");
        return result;
    }
}
