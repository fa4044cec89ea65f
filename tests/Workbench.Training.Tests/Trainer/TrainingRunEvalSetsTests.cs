using Workbench.Experiments;
using Workbench.Experiments.Evaluation;
using Workbench.Training.Checkpoints;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Tests.Shared;
using Workbench.Training.Trainer;

namespace Workbench.Training.Tests.Trainer;

public sealed class TrainingRunEvalSetsTests : TorchTest, IDisposable
{
    private static readonly RunConfig s_distill = new()
    {
        Name = "tiny-evalsets",
        Student = new ModelRef { Layers = 1, Heads = 2, Width = 32, Context = 64 },
        Teacher = new ModelRef { Checkpoint = "teacher" },
        Objectives = [new ObjectiveTerm { Kind = ObjectiveKinds.CrossEntropy, Weight = 0.5 }, new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl, Weight = 0.5 }],
        Steps = 6,
        BatchSize = 8,
        EvalEvery = 3,
        EvalSets = [new("iid", null, "eval", 12), new("tail", null, "train", 5)],
    };

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Teacher()
    {
        var config = new GptConfig(1, 2, 32, 64, WordTokenizer.ForArithmetic().VocabSize);
        using var teacher = new Gpt(config);
        var path = _dir.File("teacher.safetensors");
        GptCheckpoint.Save(teacher, config, path, WordTokenizer.ArithmeticId);
        return path;
    }

    [Fact]
    public void Run_WithEvalSets_EvaluatesEachAtStepZeroEveryNAndTheEnd_AndReportsPredictions()
    {
        var reporter = new RecordingReporter();
        TrainingRun.Run(s_distill, new TrainingOptions(_dir.File("run"), Teacher(), Threads: 1) { EvalLossSamples = 8, EvalAccuracySamples = 8 },
                        reporter, CancellationToken.None);

        foreach (var measure in new[] { EvalMetricNames.Loss, EvalMetricNames.Accuracy, EvalMetricNames.Top1Agreement, EvalMetricNames.ForwardKl })
            Assert.Equal([0L, 3, 6], reporter.Series(EvalMetricNames.For("iid", measure)).Select(p => p.Step));
        Assert.Equal([0L, 3, 6], reporter.Series(EvalMetricNames.For("tail", EvalMetricNames.Accuracy)).Select(p => p.Step));
        Assert.Empty(reporter.Series(EvalMetricNames.For("iid", EvalMetricNames.CopyRate)));   // arithmetic has no confounder spans
        Assert.Equal([3L, 6], reporter.Series(MetricNames.EvalAccuracy).Select(p => p.Step)); // the eval split keeps its own schedule

        var reports = reporter.PredictionReports.Where(r => r.Set == "iid").ToArray();
        Assert.Equal([0L, 3, 6], reports.Select(r => r.Step));
        Assert.Equal(12, reports[0].Samples.Length);
        Assert.All(reports.Skip(1), r => Assert.Empty(r.Samples));
        Assert.Equal(12, reports[0].Predictions.Count(p => p.Model == PredictionModels.Teacher));
        Assert.All(reports.Skip(1), r => Assert.DoesNotContain(r.Predictions, p => p.Model == PredictionModels.Teacher));
        Assert.All(reports, r => Assert.Equal(Enumerable.Range(0, 12), r.Predictions.Where(p => p.Model == PredictionModels.Student).Select(p => p.Index)));
    }
}
