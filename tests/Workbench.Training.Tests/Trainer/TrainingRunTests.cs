using TorchSharp;
using Workbench.Experiments;
using Workbench.Training.Checkpoints;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Tests.Shared;
using Workbench.Training.Trainer;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Trainer;

public sealed class TrainingRunTests : TorchTest, IDisposable
{
    private static readonly RunConfig s_tiny = new()
    {
        Name = "tiny",
        Student = new ModelRef { Layers = 1, Heads = 2, Width = 32, Context = 64 },
        Steps = 6,
        BatchSize = 8,
        EvalEvery = 3,
        LearningRate = 3e-3,
    };

    private static readonly RunConfig s_distill = s_tiny with
    {
        Name = "tiny-distill",
        Teacher = new ModelRef { Checkpoint = "teacher" },
        Objectives =
        [
            new ObjectiveTerm { Kind = ObjectiveKinds.CrossEntropy, Weight = 0.5 },
            new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl, Weight = 0.5, Temperature = 2 },
        ],
    };

    private readonly TempDirectory _dir = new();

    private TrainingOptions Options(string name = "run", string? teacher = null) =>
        new(_dir.File(name), teacher, Threads: 1) { EvalLossSamples = 16, EvalAccuracySamples = 16 };

    private string TeacherCheckpoint(Action<Gpt>? edit = null, string tokenizerId = WordTokenizer.ArithmeticId)
    {
        var config = new GptConfig(1, 2, 32, 64, WordTokenizer.ForArithmetic().VocabSize);
        using var teacher = new Gpt(config);
        edit?.Invoke(teacher);
        var path = _dir.File("teacher.safetensors");
        GptCheckpoint.Save(teacher, config, path, tokenizerId);
        return path;
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Run_TinyConfig_CompletesAndReportsStartedMetricsProgressAndCheckpoint()
    {
        var reporter = new RecordingReporter();
        var result = TrainingRun.Run(s_tiny, Options(), reporter, CancellationToken.None);

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.Equal(6, result.Steps);
        var started = Assert.Single(reporter.StartedCalls);
        Assert.Equal("cpu", started.Device);
        Assert.Equal(6, started.TotalSteps);
        Assert.True(started.ParameterCount > 0);
        Assert.Equal([1L, 2, 3, 4, 5, 6], reporter.ProgressCalls.Select(p => p.Step));
        Assert.All(reporter.ProgressCalls, p => Assert.True(p.StepsPerSecond > 0 && p.TokensPerSecond > 0));
        Assert.Equal(6, reporter.Series(MetricNames.TrainLoss).Count);
        Assert.Equal(6, reporter.Series(MetricNames.TrainTerm(ObjectiveKinds.CrossEntropy)).Count);
        Assert.Equal(6, reporter.Series(MetricNames.LearningRate).Count);
        Assert.Equal([3L, 6], reporter.Series(MetricNames.EvalLoss).Select(p => p.Step));
        Assert.Equal([3L, 6], reporter.Series(MetricNames.EvalAccuracy).Select(p => p.Step));
        Assert.Empty(reporter.Series(TrainingRun.EvalForwardKl));
        Assert.Empty(reporter.Series(MetricNames.EvalTop1Agreement));
        Assert.Equal(reporter.Series(MetricNames.EvalLoss).Select(p => Math.Exp(p.Value)), reporter.Series(MetricNames.EvalPerplexity).Select(p => p.Value),
                     (x, y) => Math.Abs(x - y) < 1e-9 * Math.Max(1, x));
        Assert.All(reporter.Points, p => Assert.True(double.IsFinite(p.Value)));
        var checkpoint = Assert.Single(reporter.Checkpoints);
        Assert.Equal(new CheckpointSaved(result.FinalCheckpointPath, 6), checkpoint);
        Assert.Equal(Path.Combine(_dir.File("run"), "model.safetensors"), result.FinalCheckpointPath);
    }

    [Fact]
    public void Run_TinyConfig_CheckpointReproducesFinalEvalLoss()
    {
        var result = TrainingRun.Run(s_tiny, Options(), new RecordingReporter(), CancellationToken.None);

        using var reloaded = GptCheckpoint.Load(result.FinalCheckpointPath);
        var data = ArithmeticProblems.CreateDefault();
        var eval = new Evaluator(data.Eval, data.Tokenizer, CPU, lossSamples: 16, accuracySamples: 16).Evaluate(reloaded);
        Assert.Equal(result.FinalEval!.Loss, eval.Loss, 6);
        Assert.Equal(result.FinalEval.Accuracy, eval.Accuracy);
        Assert.Equal(6, GptCheckpoint.ReadInfo(result.FinalCheckpointPath).Step);
    }

    [Fact]
    public void Run_SameSeedTwice_SameLosses()
    {
        var a = new RecordingReporter();
        var b = new RecordingReporter();
        TrainingRun.Run(s_tiny with { Steps = 3 }, Options("a"), a, CancellationToken.None);
        TrainingRun.Run(s_tiny with { Steps = 3 }, Options("b"), b, CancellationToken.None);
        Assert.Equal(a.Series(MetricNames.TrainLoss).Select(p => p.Value), b.Series(MetricNames.TrainLoss).Select(p => p.Value));
    }

    [Fact]
    public void Run_SameSeedTwiceWithAccumulationAndLinearSchedule_SameLosses()
    {
        var config = s_tiny with { Steps = 3, GradAccumulation = 2, Schedule = "linear", WarmupSteps = 1, WeightDecay = 0.1, GradClip = 0.5 };
        var a = new RecordingReporter();
        var b = new RecordingReporter();
        TrainingRun.Run(config, Options("a"), a, CancellationToken.None);
        TrainingRun.Run(config, Options("b"), b, CancellationToken.None);
        Assert.Equal(a.Series(MetricNames.TrainLoss).Select(p => p.Value), b.Series(MetricNames.TrainLoss).Select(p => p.Value));
        Assert.Equal(a.Series(MetricNames.EvalLoss).Select(p => p.Value), b.Series(MetricNames.EvalLoss).Select(p => p.Value));
        Assert.Equal(3, a.Series(MetricNames.TrainLoss).Count);
    }

    [Fact]
    public void Run_ConstantScheduleWithoutWarmup_ReportsPeakEveryStep()
    {
        var reporter = new RecordingReporter();
        TrainingRun.Run(s_tiny with { Steps = 3, Schedule = "constant", WarmupSteps = 0 }, Options(), reporter, CancellationToken.None);
        Assert.All(reporter.Series(MetricNames.LearningRate), p => Assert.Equal(s_tiny.LearningRate, p.Value, 12));
    }

    [Fact]
    public void Run_Bf16Distillation_CompletesWithFiniteLossesCloseToFp32()
    {
        var fp32 = new RecordingReporter();
        var bf16 = new RecordingReporter();
        var teacher = TeacherCheckpoint();
        TrainingRun.Run(s_distill, Options("fp32", teacher), fp32, CancellationToken.None);
        var result = TrainingRun.Run(s_distill with { Precision = Precisions.BFloat16 }, Options("bf16", teacher), bf16, CancellationToken.None);

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        var (a, b) = (fp32.Series(MetricNames.TrainLoss).Select(p => p.Value).ToList(), bf16.Series(MetricNames.TrainLoss).Select(p => p.Value).ToList());
        Assert.Equal(a.Count, b.Count);
        for (var i = 0; i < a.Count; i++) Assert.Equal(a[i], b[i], a[i] * 3e-2);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Run_WithTeacherCheckpoint_TrainsAndReportsForwardKl()
    {
        var reporter = new RecordingReporter();
        var result = TrainingRun.Run(s_distill, Options("distill", TeacherCheckpoint()), reporter, CancellationToken.None);

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        var kl = reporter.Series(MetricNames.TrainTerm(ObjectiveKinds.ForwardKl));
        Assert.Equal(6, kl.Count);
        Assert.All(kl, p => Assert.True(p.Value >= 0));
        Assert.Equal(6, reporter.Series(MetricNames.TrainTerm(ObjectiveKinds.CrossEntropy)).Count);
        Assert.Equal([3L, 6], reporter.Series(TrainingRun.EvalForwardKl).Select(p => p.Step));
        Assert.NotNull(result.FinalEval!.ForwardKl);
        Assert.Equal([3L, 6], reporter.Series(MetricNames.EvalTop1Agreement).Select(p => p.Step));
        Assert.All(reporter.Series(MetricNames.EvalTop1Agreement), p => Assert.InRange(p.Value, 0.0, 1.0));
    }

    [Fact]
    public void Run_TeacherWithNaNWeights_ThrowsDivergedNamingStepAndObjective()
    {
        var teacher = TeacherCheckpoint(t => { using (no_grad()) t.parameters().Last().fill_(float.NaN); });

        var ex = Assert.Throws<TrainingDivergedException>(() =>
            TrainingRun.Run(s_distill, Options("nan", teacher), new RecordingReporter(), CancellationToken.None));

        Assert.Equal(1, ex.Step);
        Assert.Equal([ObjectiveKinds.ForwardKl], ex.Objectives);
        Assert.Equal("Loss became NaN at step 1 (forward_kl).", ex.Message);
    }

    [Fact]
    public void Run_CancelledAfterThreeSteps_ReturnsCancelledWithResumableAndFinalCheckpoints()
    {
        using var cts = new CancellationTokenSource();
        var reporter = new RecordingReporter(p => { if (p.Step == 3) cts.Cancel(); });

        var result = TrainingRun.Run(s_tiny with { Steps = 50 }, Options(), reporter, cts.Token);

        Assert.Equal(TrainingOutcome.Cancelled, result.Outcome);
        Assert.Equal(3, result.Steps);
        var resumable = TrainingCheckpoint.FolderFor(_dir.File("run"), 3);
        Assert.Equal([new CheckpointSaved(Path.Combine(resumable, GptCheckpoint.FileName), 3), new CheckpointSaved(result.FinalCheckpointPath, 3)],
                     reporter.Checkpoints);
        Assert.True(TrainingCheckpoint.IsResumable(resumable));
        Assert.Equal(3, GptCheckpoint.ReadInfo(result.FinalCheckpointPath).Step);
        using var reloaded = GptCheckpoint.Load(result.FinalCheckpointPath);
    }

    [Fact]
    public void Run_TeacherWithOtherTokenizer_ThrowsInvalidOperation()
    {
        var teacher = TeacherCheckpoint(tokenizerId: "other-words");
        var ex = Assert.Throws<InvalidOperationException>(() =>
            TrainingRun.Run(s_distill, Options("x", teacher), new RecordingReporter(), CancellationToken.None));
        Assert.Contains("other-words", ex.Message);
    }

    [Fact]
    public void Run_FeatureObjectivesWithWiderDeeperTeacher_TrainsAndSavesOnlyTheStudent()
    {
        var teacherConfig = new GptConfig(2, 4, 48, 64, WordTokenizer.ForArithmetic().VocabSize);
        var teacherPath = _dir.File("wide-teacher.safetensors");
        using (var wide = new Gpt(teacherConfig)) GptCheckpoint.Save(wide, teacherConfig, teacherPath);
        var config = s_distill with
        {
            Objectives =
            [
                new ObjectiveTerm { Kind = ObjectiveKinds.CrossEntropy },
                new ObjectiveTerm { Kind = ObjectiveKinds.HiddenMse },
                new ObjectiveTerm { Kind = ObjectiveKinds.AttentionTransfer, Weight = 0.5 },
            ],
        };
        var reporter = new RecordingReporter();
        var result = TrainingRun.Run(config, Options("features", teacherPath), reporter, CancellationToken.None);

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.Equal(6, reporter.Series(MetricNames.TrainTerm(ObjectiveKinds.HiddenMse)).Count);
        Assert.All(reporter.Series(MetricNames.TrainTerm(ObjectiveKinds.AttentionTransfer)), p => Assert.True(p.Value >= 0));
        // The checkpoint is the student alone: it loads into the student's shape, no projection inside.
        var info = GptCheckpoint.ReadInfo(result.FinalCheckpointPath);
        Assert.Equal(GptConfig.FromModelRef(config.Student, info.Config.VocabSize), info.Config);
        using var saved = GptCheckpoint.Load(result.FinalCheckpointPath);
        using var fresh = new Gpt(info.Config);
        Assert.Equal(fresh.state_dict().Keys.Order(), saved.state_dict().Keys.Order());
    }

    [Fact]
    public void Run_LayerMapTheTeacherCannotMeet_ThrowsBeforeTrainingNamingTheField()
    {
        var config = s_distill with
        {
            Objectives = [new ObjectiveTerm { Kind = ObjectiveKinds.CrossEntropy }, new ObjectiveTerm { Kind = ObjectiveKinds.HiddenCosine, LayerMap = "1:3" }],
        };
        var reporter = new RecordingReporter();
        var ex = Assert.Throws<InvalidOperationException>(() =>
            TrainingRun.Run(config, Options("bad-map", TeacherCheckpoint()), reporter, CancellationToken.None));
        Assert.Contains("objectives[1].layerMap", ex.Message);
        Assert.Empty(reporter.ProgressCalls);
    }

    [Fact]
    public void Run_ForwardKlWithoutTeacherPath_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => TrainingRun.Run(s_distill, Options(), new RecordingReporter(), CancellationToken.None));
    }

    [Fact]
    public void Run_InvalidConfig_ThrowsArgumentExceptionNamingTheField()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            TrainingRun.Run(s_tiny with { Steps = 0 }, Options(), new RecordingReporter(), CancellationToken.None));
        Assert.Contains("steps", ex.Message);
    }

    [Fact]
    public void Run_Finished_LeavesNoLiveTensorsBehind()
    {
        TrainingRun.Run(s_tiny with { Steps = 2, EvalEvery = 1 }, Options("warm"), new RecordingReporter(), CancellationToken.None);
        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        TrainingRun.Run(s_tiny with { Steps = 4, EvalEvery = 2 }, Options("count"), new RecordingReporter(), CancellationToken.None);
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
