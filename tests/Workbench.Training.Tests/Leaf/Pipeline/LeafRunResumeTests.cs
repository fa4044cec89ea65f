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
    private static readonly RunConfig s_leaf = TinyLeaf.Config with
    {
        CheckpointEvery = 2,
        Leaf = TinyLeaf.Config.Leaf! with { Selection = LeafSelections.All },
    };

    private readonly TinyLeaf _leaf = new();

    public void Dispose() => _leaf.Dispose();

    private TrainingOptions Options(string name, string? resumeFrom = null) => _leaf.Options(name, resumeFrom);

    [Fact]
    public void Run_ResumedAfterStage2Checkpoint_SkipsDetectionAndMatchesTheUninterruptedRun()
    {
        var straight = new RecordingReporter();
        TrainingRun.Run(s_leaf, Options("straight"), straight, CancellationToken.None);

        using var stop = new CancellationTokenSource();
        TrainingRun.Run(s_leaf, Options("split"), new RecordingReporter(p => { if (p.Step == 2) stop.Cancel(); }), stop.Token);
        var folder = TrainingCheckpoint.FolderFor(_leaf.Folder("split"), 2);
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
