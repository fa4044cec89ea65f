using Workbench.Experiments.Leaf;
using Workbench.Experiments;
using Workbench.Training.Checkpoints;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Tests.Shared;
using Workbench.Training.Trainer;
using Workbench.Training.Trainer.TeacherCache;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Trainer;

// Compares runs step for step, so no other class may draw from libtorch's global generator meanwhile (dropout).
[Collection(nameof(GlobalRngCollection))]
public sealed class TrainingRunTeacherCacheTests : TorchTest, IDisposable
{
    private static readonly RunConfig s_topK = new()
    {
        Name = "tiny-top-k",
        Student = new ModelRef { Layers = 1, Heads = 2, Width = 32, Context = 64 },
        Teacher = new ModelRef { Checkpoint = "teacher" },
        Steps = 6,
        BatchSize = 8,
        EvalEvery = 3,
        LearningRate = 3e-3,
        Objectives =
        [
            new ObjectiveTerm { Kind = ObjectiveKinds.CrossEntropy, Weight = 0.5 },
            new ObjectiveTerm { Kind = ObjectiveKinds.TopKKl, Weight = 0.5, Temperature = 2, TopK = 5, MissingMass = ObjectiveTerm.MissingMassSymmetricUniform },
        ],
    };

    private readonly TempDirectory _dir = new();
    private readonly string _teacher;

    public TrainingRunTeacherCacheTests()
    {
        var config = new GptConfig(2, 2, 32, 64, WordTokenizer.ForArithmetic().VocabSize);
        using var teacher = new Gpt(config, new Generator(3));
        using (no_grad()) foreach (var w in teacher.parameters().Where(p => p.dim() == 2)) w.mul_(4);   // a peaked teacher: a loss far from 0
        _teacher = _dir.File("teacher.safetensors");
        GptCheckpoint.Save(teacher, config, _teacher, WordTokenizer.ArithmeticId);
    }

    public void Dispose() => _dir.Dispose();

    private string CacheDirectory => _dir.File("cache");

    private TrainingOptions Options(string name, bool useCache = true) =>
        new(_dir.File(name), _teacher, Threads: 1)
        {
            EvalLossSamples = 16, EvalAccuracySamples = 8,
            CacheDirectory = CacheDirectory, UseTeacherCache = useCache, TeacherCacheValues = TopKValueType.Float32,
        };

    private static RecordingReporter Run(RunConfig config, TrainingOptions options)
    {
        var reporter = new RecordingReporter();
        Assert.Equal(TrainingOutcome.Completed, TrainingRun.Run(config, options, reporter, CancellationToken.None).Outcome);
        return reporter;
    }

    private static double Metric(RecordingReporter reporter, string name) => Assert.Single(reporter.Series(name)).Value;

    [Fact]
    public void Run_TopKKlTwiceOnTheSameData_SecondRunReusesTheFileAndTrainsTheSame()
    {
        var first = Run(s_topK, Options("first"));
        var file = Assert.Single(Directory.GetFiles(CacheDirectory));
        var written = File.GetLastWriteTimeUtc(file);

        var second = Run(s_topK, Options("second"));

        Assert.Equal(0, Metric(first, TeacherCacheMetrics.Reused));
        Assert.True(Metric(first, TeacherCacheMetrics.TeacherForwards) > 0);
        Assert.True(Metric(first, TeacherCacheMetrics.BuildSeconds) > 0);
        Assert.Equal(1, Metric(second, TeacherCacheMetrics.Reused));
        Assert.Equal(0, Metric(second, TeacherCacheMetrics.TeacherForwards));
        Assert.Equal(0, Metric(second, TeacherCacheMetrics.BuildSeconds));
        Assert.Equal(new FileInfo(file).Length / 1e6, Metric(second, TeacherCacheMetrics.Megabytes), 9);
        Assert.Equal(written, File.GetLastWriteTimeUtc(Assert.Single(Directory.GetFiles(CacheDirectory))));
        Assert.Contains(first.Stages, s => s.Stage == TeacherCacheMetrics.Stage && s.Done == s.Total);
        Assert.Equal(RunStageProgress.Training, first.Stages.Last().Stage);                 // the run moves on to training
        Assert.Equal(first.Series(MetricNames.TrainLoss).Select(p => p.Value), second.Series(MetricNames.TrainLoss).Select(p => p.Value));
    }

    [Fact]
    public void Run_TopKKlFromTheCache_MatchesTheLiveTeacherRun()
    {
        var live = Run(s_topK, Options("live", useCache: false));
        var cached = Run(s_topK, Options("cached"));

        Assert.False(Directory.Exists(CacheDirectory) && Directory.GetFiles(CacheDirectory).Length > 1);
        Assert.Empty(live.Series(TeacherCacheMetrics.Reused));
        var topK = MetricNames.TrainTerm(ObjectiveKinds.TopKKl);
        Assert.All(live.Series(topK), p => Assert.True(p.Value > 0.01, $"top-k KL {p.Value} at step {p.Step} is too small to compare"));
        Assert.Equal(live.Series(topK).Select(p => p.Value), cached.Series(topK).Select(p => p.Value), (a, b) => Math.Abs(a - b) <= 1e-4 * Math.Abs(a));
        Assert.Equal(live.Series(MetricNames.TrainLoss).Select(p => p.Value), cached.Series(MetricNames.TrainLoss).Select(p => p.Value),
                     (a, b) => Math.Abs(a - b) <= 1e-4 * Math.Abs(a));
        Assert.Equal(live.Series(MetricNames.EvalLoss).Select(p => p.Value), cached.Series(MetricNames.EvalLoss).Select(p => p.Value),
                     (a, b) => Math.Abs(a - b) <= 1e-4 * Math.Abs(a));
    }

    [Fact]
    public void Run_CacheFileCutShort_IsRebuilt()
    {
        Run(s_topK, Options("first"));
        var file = Assert.Single(Directory.GetFiles(CacheDirectory));
        var length = new FileInfo(file).Length;
        using (var stream = new FileStream(file, FileMode.Open)) stream.SetLength(length / 2);

        var second = Run(s_topK, Options("second"));

        Assert.Equal(0, Metric(second, TeacherCacheMetrics.Reused));
        Assert.True(Metric(second, TeacherCacheMetrics.TeacherForwards) > 0);
        Assert.Equal(length, new FileInfo(Assert.Single(Directory.GetFiles(CacheDirectory))).Length);
    }

    [Fact]
    public void Run_TopKKlBesideAFullVocabularyTerm_TrainsFromTheLiveTeacherWithoutACache()
    {
        var config = s_topK with { Objectives = [.. s_topK.Objectives, new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl, Weight = 0.5 }] };
        var reporter = Run(config, Options("mixed"));
        Assert.Empty(reporter.Series(TeacherCacheMetrics.Reused));
        Assert.False(Directory.Exists(CacheDirectory));
    }

    [Fact]
    public void ResolveCacheDirectory_Unset_IsTeacherCacheBesideTheRunsFolder()
    {
        var options = new TrainingOptions(Path.Combine(_dir.Path, "data", "runs", "12"));
        Assert.Equal(Path.Combine(_dir.Path, "data", "teacher-cache"), options.ResolveCacheDirectory());
        Assert.Equal(Path.GetFullPath("somewhere"), (options with { CacheDirectory = "somewhere" }).ResolveCacheDirectory());
    }
}
