using Workbench.Experiments;
using Workbench.Training.Checkpoints;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Tests.Shared;
using Workbench.Training.Trainer;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Trainer;

[Collection(nameof(GlobalRngCollection))]
public sealed class TrainingRunResumeTests : TorchTest, IDisposable
{
    // Two micro-batches per step and a feature term with a trained projection (teacher width 48 ≠ student 32), so the
    // sampler's replay, AdamW's moments and the loss's own parameters all have to come back for the runs to agree.
    private static readonly RunConfig s_config = new()
    {
        Name = "resume",
        Teacher = new ModelRef { Checkpoint = "teacher" },
        Student = new ModelRef { Layers = 1, Heads = 2, Width = 32, Context = 64 },
        Objectives =
        [
            new ObjectiveTerm { Kind = ObjectiveKinds.CrossEntropy, Weight = 0.5 },
            new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl, Weight = 0.5, Temperature = 2 },
            new ObjectiveTerm { Kind = ObjectiveKinds.HiddenMse, Weight = 0.1, LayerMap = ObjectiveTerm.LayerMapLast },
        ],
        Steps = 8,
        BatchSize = 4,
        GradAccumulation = 2,
        EvalEvery = 4,
        CheckpointEvery = 4,
        LearningRate = 3e-3,
    };

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private TrainingOptions Options(string name, string? resumeFrom = null) =>
        new(_dir.File(name), Teacher(), Threads: 1, ResumeFrom: resumeFrom) { EvalLossSamples = 8, EvalAccuracySamples = 8 };

    private string Teacher()
    {
        var path = _dir.File("teacher.safetensors");
        if (File.Exists(path)) return path;
        var config = new GptConfig(1, 2, 48, 64, WordTokenizer.ForArithmetic().VocabSize);
        using var teacher = new Gpt(config);
        GptCheckpoint.Save(teacher, config, path);
        return path;
    }

    [Fact]
    public void Run_StoppedAtACheckpointThenResumed_EqualsTheUninterruptedRun()
    {
        var straight = new RecordingReporter();
        var full = TrainingRun.Run(s_config, Options("straight"), straight, CancellationToken.None);

        using var stop = new CancellationTokenSource();
        var first = new RecordingReporter(p => { if (p.Step == 4) stop.Cancel(); });
        var stopped = TrainingRun.Run(s_config, Options("split"), first, stop.Token);
        Assert.Equal(TrainingOutcome.Cancelled, stopped.Outcome);
        Assert.Equal(4, stopped.Steps);
        var folder = TrainingCheckpoint.FolderFor(_dir.File("split"), 4);
        Assert.True(TrainingCheckpoint.IsResumable(folder));

        var second = new RecordingReporter();
        var resumed = TrainingRun.Run(s_config, Options("split", folder), second, CancellationToken.None);

        Assert.Equal(TrainingOutcome.Completed, resumed.Outcome);
        Assert.Equal([5L, 6, 7, 8], second.ProgressCalls.Select(p => p.Step));
        Assert.Equal([5L, 6, 7, 8], second.Series(MetricNames.TrainLoss).Select(p => p.Step));
        Assert.Equal(straight.Series(MetricNames.TrainLoss).Skip(4).Select(p => p.Value), second.Series(MetricNames.TrainLoss).Select(p => p.Value),
                     (a, b) => Math.Abs(a - b) < 1e-5);
        using var expected = GptCheckpoint.Load(full.FinalCheckpointPath);
        using var actual = GptCheckpoint.Load(resumed.FinalCheckpointPath);
        var actualState = actual.state_dict();
        foreach (var (name, weight) in expected.state_dict())
            Assert.True(weight.allclose(actualState[name], rtol: 1e-4, atol: 1e-5), $"{name} differs after resuming");
    }

    [Fact]
    public void Run_CheckpointEveryStep_KeepsTheNewestAndReportsEach()
    {
        var reporter = new RecordingReporter();
        var options = Options("keep") with { KeepCheckpoints = 2 };
        var result = TrainingRun.Run(s_config with { CheckpointEvery = 1, Objectives = [new ObjectiveTerm()], Teacher = null }, options, reporter, CancellationToken.None);

        Assert.Equal([1L, 2, 3, 4, 5, 6, 7, 8], reporter.Checkpoints.Select(c => c.Step));
        Assert.Equal(Path.Combine(TrainingCheckpoint.FolderFor(options.OutputDirectory, 1), GptCheckpoint.FileName), reporter.Checkpoints.First().Path);
        Assert.Equal(result.FinalCheckpointPath, reporter.Checkpoints.Last().Path);
        Assert.Equal([TrainingCheckpoint.FolderFor(options.OutputDirectory, 6), TrainingCheckpoint.FolderFor(options.OutputDirectory, 7)],
                     TrainingCheckpoint.List(options.OutputDirectory));
        Assert.Equal(7, TrainingCheckpoint.ReadState(TrainingCheckpoint.FolderFor(options.OutputDirectory, 7)).Step);
    }

    [Fact]
    public void Run_ResumeFromAFolderWithoutState_NamesTheMissingFiles()
    {
        Directory.CreateDirectory(_dir.File("empty"));
        var error = Assert.Throws<ArgumentException>(() => TrainingRun.Run(s_config, Options("x", _dir.File("empty")), new RecordingReporter(), CancellationToken.None));
        Assert.Contains(TrainingCheckpoint.StateFileName, error.Message);
    }
}
