using Workbench.Experiments;
using Workbench.Experiments.Leaf;
using Workbench.Training.Checkpoints;
using Workbench.Training.Data;
using Workbench.Training.Leaf.Pipeline;
using Workbench.Training.Models;
using Workbench.Training.Tests.Shared;
using Workbench.Training.Trainer;

namespace Workbench.Training.Tests.Leaf.Pipeline;

[Collection(nameof(GlobalRngCollection))]
public sealed class LeafRunResumeTests : TorchTest, IDisposable
{
    private static readonly RunConfig s_leaf = new()
    {
        Name = "tiny-leaf",
        Dataset = BuiltInDatasets.DistractorShortcut,
        Teacher = new ModelRef { Checkpoint = "teacher" },
        Student = new ModelRef { Checkpoint = "student" },
        Objectives = [new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl }],
        Steps = 4,
        BatchSize = 8,
        EvalEvery = 2,
        CheckpointEvery = 2,
        LearningRate = 1e-3,
        Leaf = new LeafConfig { DetectionSamples = 40, Selection = LeafSelections.All },
    };

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Checkpoint(string name, int width)
    {
        var path = _dir.File($"{name}.safetensors");
        if (File.Exists(path)) return path;
        var config = new GptConfig(1, 2, width, 64, DistractorProblems.CreateTokenizer().VocabSize);
        using var model = new Gpt(config);
        GptCheckpoint.Save(model, config, path, WordTokenizer.DistractorId);
        return path;
    }

    private TrainingOptions Options(string name, string? resumeFrom = null) =>
        new(_dir.File(name), Checkpoint("teacher", 32), Threads: 1, StudentInitPath: Checkpoint("student", 16), ResumeFrom: resumeFrom)
        {
            EvalLossSamples = 16,
            EvalAccuracySamples = 16,
        };

    [Fact]
    public void Run_ResumedAfterStage2Checkpoint_SkipsDetectionAndMatchesTheUninterruptedRun()
    {
        var straight = new RecordingReporter();
        TrainingRun.Run(s_leaf, Options("straight"), straight, CancellationToken.None);

        using var stop = new CancellationTokenSource();
        TrainingRun.Run(s_leaf, Options("split"), new RecordingReporter(p => { if (p.Step == 2) stop.Cancel(); }), stop.Token);
        var folder = TrainingCheckpoint.FolderFor(_dir.File("split"), 2);
        Assert.True(File.Exists(Path.Combine(folder, CounterfactualSet.FileName)));

        var resumed = new RecordingReporter();
        var result = TrainingRun.Run(s_leaf, Options("split", folder), resumed, CancellationToken.None);

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.Empty(resumed.DetectedSamples);
        Assert.DoesNotContain(resumed.Points, p => p.Step <= 2);
        Assert.Equal([3L, 4], resumed.Series(MetricNames.TrainLoss).Select(p => p.Step));
        Assert.Equal(straight.Series(MetricNames.TrainLoss).Skip(2).Select(p => p.Value), resumed.Series(MetricNames.TrainLoss).Select(p => p.Value),
                     (a, b) => Math.Abs(a - b) < 1e-5);
        Assert.Equal(straight.Series(LeafMetricNames.TrainCd).Skip(2).Select(p => p.Value), resumed.Series(LeafMetricNames.TrainCd).Select(p => p.Value),
                     (a, b) => Math.Abs(a - b) < 1e-5);
    }
}
