using Workbench.Experiments;
using Workbench.Experiments.OnPolicy;
using Workbench.Training.Checkpoints;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Tests.Shared;
using Workbench.Training.Trainer;
using Workbench.Training.Trainer.Generated;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Trainer;

// Compares runs step for step, so no other class may draw from libtorch's global generator meanwhile (dropout).
[Collection(nameof(GlobalRngCollection))]
public sealed class TrainingRunDataRegimeTests : TorchTest, IDisposable
{
    // GKD: generalized JSD(β = 0.5) on batches that are the student's own samples half of the time.
    private static readonly RunConfig s_gkd = new()
    {
        Name = "gkd",
        Teacher = new ModelRef { Checkpoint = "teacher" },
        Student = new ModelRef { Layers = 1, Heads = 2, Width = 32, Context = 64 },
        Objectives = [new ObjectiveTerm { Kind = ObjectiveKinds.Jsd, Beta = 0.5 }],
        Data = new DataConfig { Regime = DataRegimes.OnPolicy, Lambda = 0.5, Temperature = 1, TopP = 0.95, MaxNewTokens = 8 },
        Steps = 8,
        BatchSize = 4,
        GradAccumulation = 2,
        EvalEvery = 4,
        CheckpointEvery = 4,
    };

    private readonly TempDirectory _dir = new();
    private readonly string _teacher;

    public TrainingRunDataRegimeTests()
    {
        var config = new GptConfig(1, 2, 48, 64, WordTokenizer.ForArithmetic().VocabSize);
        using var teacher = new Gpt(config, new Generator(3));
        _teacher = _dir.File("teacher.safetensors");
        GptCheckpoint.Save(teacher, config, _teacher, WordTokenizer.ArithmeticId);
    }

    public void Dispose() => _dir.Dispose();

    private TrainingOptions Options(string name, string? resumeFrom = null) =>
        new(_dir.File(name), _teacher, Threads: 1, ResumeFrom: resumeFrom) { EvalLossSamples = 8, EvalAccuracySamples = 8, CacheDirectory = _dir.File("cache") };

    [Fact]
    public void OnPolicy_ReportsTheShareOfStudentBatches_AndTheStudentsSamplesScoredByTheTeacher()
    {
        var reporter = new RecordingReporter();
        TrainingRun.Run(s_gkd, Options("share") with { PolicySamplesInterval = TimeSpan.Zero }, reporter, CancellationToken.None);
        var perStep = reporter.Series(DataRegimeMetrics.OnPolicy).Select(p => p.Value).ToArray();
        Assert.Equal(8, perStep.Length);
        Assert.Equal(perStep.Average(), reporter.Series(DataRegimeMetrics.OnPolicyShare).Last().Value, 1e-9);
        Assert.Contains(perStep, v => v > 0);   // 16 coin flips at λ = 0.5: some come up student
        Assert.All(reporter.Series(MetricNames.TrainTerm(ObjectiveKinds.Jsd)), p => Assert.True(double.IsFinite(p.Value)));
        // With no interval every on-policy micro-batch is reported: the last report's counts are the run's share.
        var reports = reporter.StudentSampleReports.ToArray();
        Assert.Equal(perStep.Sum() * s_gkd.GradAccumulation, reports.Length, 1e-9);
        Assert.Equal(reports.Length, reports[^1].OnPolicyBatches);
        Assert.InRange(reports[^1].Batches, (reports[^1].Step - 1) * s_gkd.GradAccumulation + 1, reports[^1].Step * s_gkd.GradAccumulation);
        Assert.All(reports, r => Assert.Equal(PolicySamples.MaxSamples, r.Samples.Length));
        Assert.All(reports.SelectMany(r => r.Samples).SelectMany(s => s.Tokens), t => Assert.InRange(t.TeacherLogProb!.Value, -50, 0));
    }

    [Fact]
    public void OnPolicy_StoppedAtACheckpointThenResumed_EqualsTheUninterruptedRun()
    {
        var straight = new RecordingReporter();
        var full = TrainingRun.Run(s_gkd, Options("straight"), straight, CancellationToken.None);

        using var stop = new CancellationTokenSource();
        TrainingRun.Run(s_gkd, Options("split"), new RecordingReporter(p => { if (p.Step == 4) stop.Cancel(); }), stop.Token);
        var second = new RecordingReporter();
        var resumed = TrainingRun.Run(s_gkd, Options("split", TrainingCheckpoint.FolderFor(_dir.File("split"), 4)), second, CancellationToken.None);

        Assert.Equal(straight.Series(DataRegimeMetrics.OnPolicy).Skip(4).Select(p => p.Value), second.Series(DataRegimeMetrics.OnPolicy).Select(p => p.Value));
        Assert.Equal(straight.Series(DataRegimeMetrics.OnPolicyShare).Last().Value, second.Series(DataRegimeMetrics.OnPolicyShare).Last().Value, 1e-9);
        Assert.Equal(straight.Series(MetricNames.TrainLoss).Skip(4).Select(p => p.Value), second.Series(MetricNames.TrainLoss).Select(p => p.Value),
                     (a, b) => Math.Abs(a - b) < 1e-5);
        using var expected = GptCheckpoint.Load(full.FinalCheckpointPath);
        using var actual = GptCheckpoint.Load(resumed.FinalCheckpointPath);
        var actualState = actual.state_dict();
        foreach (var (name, weight) in expected.state_dict())
            Assert.True(weight.allclose(actualState[name], rtol: 1e-4, atol: 1e-5), $"{name} differs after resuming");
    }

    [Fact]
    public void SequenceKd_SecondRun_ReusesTheTeachersCompletions()
    {
        var config = s_gkd with
        {
            Name = "seqkd",
            Objectives = [new ObjectiveTerm { Kind = ObjectiveKinds.CrossEntropy, Weight = 0.5 }, new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl, Weight = 0.5 }],
            Data = new DataConfig { Regime = DataRegimes.SequenceKd, Temperature = 0, MaxNewTokens = 6 },
            Steps = 2, CheckpointEvery = null, GradAccumulation = 1,
        };
        var first = new RecordingReporter();
        TrainingRun.Run(config, Options("first"), first, CancellationToken.None);
        var second = new RecordingReporter();
        TrainingRun.Run(config with { Seed = 5 }, Options("second"), second, CancellationToken.None);
        Assert.Equal(0, first.Series(DataRegimeMetrics.SequenceKdReused).Single().Value);
        Assert.Equal(1, second.Series(DataRegimeMetrics.SequenceKdReused).Single().Value);
        Assert.Single(Directory.GetFiles(_dir.File("cache"), "seqkd-*.bin"));
    }
}
