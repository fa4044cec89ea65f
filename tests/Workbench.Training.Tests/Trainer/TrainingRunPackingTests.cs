using TorchSharp;
using Workbench.Experiments;
using Workbench.Training.Checkpoints;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Tests.Shared;
using Workbench.Training.Trainer;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Trainer;

/// <summary>A distillation run with <c>data.packing</c> trains end to end, and its first step is the padded run's first step.</summary>
[Collection(nameof(GlobalRngCollection))]
public sealed class TrainingRunPackingTests : TorchTest, IDisposable
{
    private static readonly RunConfig s_padded = new()
    {
        Name = "packing",
        Teacher = new ModelRef { Checkpoint = "teacher" },
        Student = new ModelRef { Layers = 1, Heads = 2, Width = 32, Context = 64 },
        Objectives =
        [
            new ObjectiveTerm { Kind = ObjectiveKinds.CrossEntropy, Weight = 0.5 },
            new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl, Weight = 0.5, Temperature = 2 },
            new ObjectiveTerm { Kind = ObjectiveKinds.AttentionTransfer, Weight = 0.1, LayerMap = ObjectiveTerm.LayerMapUniform },
        ],
        Steps = 12,
        BatchSize = 8,
        GradAccumulation = 2,
        EvalEvery = 6,
        LearningRate = 3e-3,
    };

    private static readonly RunConfig s_packed = s_padded with { Data = new DataConfig { Regime = DataRegimes.Offline, Packing = true } };

    private readonly TempDirectory _dir = new();
    private readonly string _teacher;

    public TrainingRunPackingTests()
    {
        var config = new GptConfig(1, 2, 32, 64, WordTokenizer.ForArithmetic().VocabSize);
        using var teacher = new Gpt(config, new Generator(3));
        _teacher = _dir.File("teacher.safetensors");
        GptCheckpoint.Save(teacher, config, _teacher, WordTokenizer.ArithmeticId);
    }

    public void Dispose() => _dir.Dispose();

    private TrainingOptions Options(string name) =>
        new(_dir.File(name), _teacher, Threads: 1) { EvalLossSamples = 16, EvalAccuracySamples = 8, CacheDirectory = _dir.File("cache") };

    [Fact]
    public void Run_Packed_CompletesAndItsFirstStepIsThePaddedOne()
    {
        var padded = new RecordingReporter();
        var packed = new RecordingReporter();
        TrainingRun.Run(s_padded, Options("padded"), padded, CancellationToken.None);
        var result = TrainingRun.Run(s_packed, Options("packed"), packed, CancellationToken.None);

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.True(File.Exists(result.FinalCheckpointPath));
        var paddedLoss = padded.Series(MetricNames.TrainLoss).Select(p => p.Value).ToArray();
        var packedLoss = packed.Series(MetricNames.TrainLoss).Select(p => p.Value).ToArray();
        Assert.Equal(12, packedLoss.Length);
        Assert.All(packedLoss, v => Assert.True(double.IsFinite(v)));
        Assert.Equal(paddedLoss[0], packedLoss[0], 1e-5);             // same weights, same samples, same token mean
        Assert.True(packedLoss[^1] < packedLoss[0], $"{packedLoss[0]} -> {packedLoss[^1]}");
        Assert.Contains(packed.Series(MetricNames.EvalLoss), p => p.Step == 12 && double.IsFinite(p.Value));
    }
}
