using Workbench.Experiments;
using Workbench.Training.Checkpoints;
using Workbench.Training.Models.Llama;
using Workbench.Training.Tests.Shared;
using Workbench.Training.Trainer;

namespace Workbench.Training.Tests.Trainer;

/// <summary>
/// Every family in a real run: a folder of the family teaches a smaller folder of the same family (CE + forward KL), and the
/// student's saved folder is that family again, loads, and teaches the next run.
/// </summary>
public sealed class FamilyRunTests : TorchTest, IDisposable
{
    private static readonly RunConfig s_distill = new()
    {
        Name = "family-distill",
        Teacher = new ModelRef { Path = "/models/teacher" },
        Student = new ModelRef { Path = "/models/student" },
        Objectives =
        [
            new ObjectiveTerm { Kind = ObjectiveKinds.CrossEntropy, Weight = 0.5 },
            new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl, Weight = 0.5 },
        ],
        Steps = 3,
        BatchSize = 2,
        EvalEvery = 3,
        LearningRate = 1e-3,
    };

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private TrainingOptions Options(string output, string teacher, string student) =>
        new(_dir.File(output), teacher, Threads: 1, StudentInitPath: student) { EvalLossSamples = 4, EvalAccuracySamples = 2 };

    [Theory]
    [MemberData(nameof(TinyFamilies.ModelTypes), MemberType = typeof(TinyFamilies))]
    public void Run_FamilyTeacherAndStudent_TrainsAndSavesTheSameFamily(string modelType)
    {
        var teacher = TinyHuggingFaceFolder.Create(_dir.File("teacher"), TinyFamilies.Config(modelType, vocab: TinyHuggingFaceFolder.Vocab, hidden: 32));
        var student = TinyHuggingFaceFolder.Create(_dir.File("student"), TinyFamilies.Config(modelType, vocab: TinyHuggingFaceFolder.Vocab, hidden: 16, layers: 2), seed: 2);
        var reporter = new RecordingReporter();

        var result = TrainingRun.Run(s_distill, Options("run", teacher, student), reporter, CancellationToken.None);

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.All(reporter.Series(MetricNames.TrainLoss), p => Assert.True(double.IsFinite(p.Value)));
        Assert.All(reporter.Series(TrainingRun.EvalForwardKl), p => Assert.True(double.IsFinite(p.Value)));
        var saved = Path.GetDirectoryName(result.FinalCheckpointPath)!;
        Assert.Equal(LlamaConfig.ArchitectureFor(modelType), HuggingFaceModelInfo.Read(saved).Architecture);
        using (var before = HuggingFaceCheckpoint.Load(student))
        using (var after = HuggingFaceCheckpoint.Load(saved))
        {
            Assert.Equal(before.Config, after.Config);
            Assert.Contains(after.state_dict(), p => !p.Value.allclose(before.state_dict()[p.Key], rtol: 0, atol: 0));     // the student learned
        }

        // The trained student teaches the next run.
        var next = TrainingRun.Run(s_distill with { Steps = 1 }, Options("next", saved, student), new RecordingReporter(), CancellationToken.None);
        Assert.Equal(TrainingOutcome.Completed, next.Outcome);
    }
}
