using Workbench.Experiments.Leaf;
using Workbench.Experiments.TeacherStores;
using Workbench.Experiments;
using Workbench.Training.Checkpoints;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Tests.Shared;
using Workbench.Training.Trainer;
using Workbench.Training.Trainer.TeacherStore;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Trainer;

// Compares runs step for step, so no other class may draw from libtorch's global generator meanwhile (dropout).
[Collection(nameof(GlobalRngCollection))]
public sealed class TrainingRunTeacherStoreTests : TorchTest, IDisposable
{
    private static readonly RunConfig s_logits = new()
    {
        Name = "tiny-store",
        Student = new ModelRef { Layers = 1, Heads = 2, Width = 32, Context = 64 },
        Teacher = new ModelRef { Checkpoint = "teacher" },
        Steps = 6,
        BatchSize = 8,
        EvalEvery = 3,
        LearningRate = 3e-3,
        Objectives =
        [
            new ObjectiveTerm { Kind = ObjectiveKinds.CrossEntropy, Weight = 0.5 },
            new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl, Weight = 0.5, Temperature = 2 },
            new ObjectiveTerm { Kind = ObjectiveKinds.Jsd, Weight = 0.5, Beta = 0.3, Temperature = 2 },
            new ObjectiveTerm { Kind = ObjectiveKinds.PlackettLuce, Weight = 0.1, TopK = 4 },
        ],
        TeacherStore = new TeacherStoreConfig { TopK = 1000, Values = TeacherStoreConfig.ValuesFp32 },   // every token of the small vocabulary
    };

    private readonly TempDirectory _dir = new();
    private readonly string _teacher;

    public TrainingRunTeacherStoreTests()
    {
        var config = new GptConfig(2, 2, 32, 64, WordTokenizer.ForArithmetic().VocabSize);
        using var teacher = new Gpt(config, new Generator(3));
        using (no_grad()) foreach (var w in teacher.parameters().Where(p => p.dim() == 2)) w.mul_(4);
        _teacher = _dir.File("teacher.safetensors");
        GptCheckpoint.Save(teacher, config, _teacher, WordTokenizer.ArithmeticId);
    }

    public void Dispose() => _dir.Dispose();

    private string Folder => _dir.File("cache");

    private TrainingOptions Options(string name) =>
        new(_dir.File(name), _teacher, Threads: 1) { EvalLossSamples = 16, EvalAccuracySamples = 8, CacheDirectory = Folder };

    private static RecordingReporter Run(RunConfig config, TrainingOptions options)
    {
        var reporter = new RecordingReporter();
        Assert.Equal(TrainingOutcome.Completed, TrainingRun.Run(config, options, reporter, CancellationToken.None).Outcome);
        return reporter;
    }

    private static double Metric(RecordingReporter reporter, string name) => Assert.Single(reporter.Series(name)).Value;

    [Fact]
    public void Run_EveryTokenStored_TrainsLikeTheLiveTeacherAndASecondStudentReusesTheStore()
    {
        var live = Run(s_logits with { TeacherStore = null }, Options("live"));
        var stored = Run(s_logits, Options("stored"));
        var reused = Run(s_logits with { Seed = 99 }, Options("second-student"));

        Assert.Empty(live.Series(TeacherStoreMetrics.Reused));
        Assert.Equal(2, LogitStoreFolder.List(Folder).Count);            // T = 2 (forward KL, JSD) and τ_T = 1 (Plackett–Luce)
        Assert.Equal(0, Metric(stored, TeacherStoreMetrics.Reused));
        Assert.Equal(1, Metric(reused, TeacherStoreMetrics.Reused));
        Assert.Equal(0, Metric(reused, TeacherStoreMetrics.BuildSeconds));
        Assert.Contains(stored.Stages, s => s.Stage == TeacherStoreMetrics.Stage && s.Done == s.Total);
        Assert.Equal(RunStageProgress.Training, stored.Stages.Last().Stage);
        foreach (var metric in new[] { MetricNames.TrainLoss, MetricNames.TrainTerm(ObjectiveKinds.Jsd), MetricNames.TrainTerm(ObjectiveKinds.PlackettLuce), MetricNames.EvalLoss })
            Assert.Equal(live.Series(metric).Select(p => p.Value), stored.Series(metric).Select(p => p.Value), (a, b) => Math.Abs(a - b) <= 1e-4 * Math.Abs(a));
    }

    [Fact]
    public void Run_FeatureObjectiveBesideTheLogitTerms_KeepsTheLiveTeacher()
    {
        var config = s_logits with { Objectives = [.. s_logits.Objectives, new ObjectiveTerm { Kind = ObjectiveKinds.HiddenMse, Weight = 0.1 }] };
        var reporter = Run(config, Options("features"));
        Assert.Empty(reporter.Series(TeacherStoreMetrics.Reused));
        Assert.Empty(LogitStoreFolder.List(Folder));
    }

    [Fact]
    public void Run_OverBudget_EvictsOlderStoresButNotItsOwn()
    {
        Run(s_logits with { Objectives = [s_logits.Objectives[0], s_logits.Objectives[1]] }, Options("old"));
        var old = Assert.Single(LogitStoreFolder.List(Folder)).Name;
        File.SetLastAccessTimeUtc(Path.Combine(Folder, old), DateTime.UtcNow.AddDays(-1));

        var reporter = Run(s_logits with { Objectives = [s_logits.Objectives[0], s_logits.Objectives[3]] }, Options("new") with { TeacherStoreBudgetMb = 0 });

        Assert.Equal(1, Metric(reporter, TeacherStoreMetrics.Evicted));
        Assert.DoesNotContain(old, LogitStoreFolder.List(Folder).Select(f => f.Name));
        Assert.Single(LogitStoreFolder.List(Folder));
    }
}
