using Workbench.Experiments;
using Workbench.Experiments.TeacherHacking;
using Workbench.Training.Checkpoints;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Tests.Shared;
using Workbench.Training.Trainer;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Trainer;

/// <summary>A real tiny distillation run with an oracle: the golden metrics beside the proxy at every evaluation.</summary>
[Collection(nameof(GlobalRngCollection))]
public sealed class TrainingRunOracleTests : TorchTest, IDisposable
{
    private static readonly RunConfig s_config = new()
    {
        Name = "oracle",
        Teacher = new ModelRef { Checkpoint = "teacher" },
        Oracle = new ModelRef { Checkpoint = "oracle" },
        Student = new ModelRef { Layers = 1, Heads = 2, Width = 32, Context = 64 },
        Objectives = [new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl }],
        Data = new DataConfig { Regime = DataRegimes.OnPolicy, Lambda = 1, MaxNewTokens = 4, TrainSamples = 16 },
        Steps = 6,
        BatchSize = 4,
        EvalEvery = 3,
    };

    private static readonly string[] s_golden =
        [TeacherHackingMetricNames.ProxyKl, TeacherHackingMetricNames.GoldenKl, TeacherHackingMetricNames.OracleNll,
         TeacherHackingMetricNames.GoldenKlGreedy, TeacherHackingMetricNames.OracleNllGreedy];

    private readonly TempDirectory _dir = new();
    private readonly string _teacher;
    private readonly string _oracle;

    public TrainingRunOracleTests()
    {
        _teacher = Save("teacher.safetensors", seed: 3, WordTokenizer.ArithmeticId);
        _oracle = Save("oracle.safetensors", seed: 4, WordTokenizer.ArithmeticId);
    }

    public void Dispose() => _dir.Dispose();

    private string Save(string name, ulong seed, string tokenizerId)
    {
        var config = new GptConfig(1, 2, 48, 64, WordTokenizer.ForArithmetic().VocabSize);
        using var model = new Gpt(config, new Generator(seed));
        var path = _dir.File(name);
        GptCheckpoint.Save(model, config, path, tokenizerId);
        return path;
    }

    private TrainingOptions Options(string name, string oracle) =>
        new(_dir.File(name), _teacher, Threads: 1) { OracleCheckpointPath = oracle, EvalLossSamples = 8, EvalAccuracySamples = 8, CacheDirectory = _dir.File("cache") };

    [Fact]
    public void WithAnOracle_EveryEvaluationReportsProxyAndGolden()
    {
        var reporter = new RecordingReporter();
        TrainingRun.Run(s_config, Options("run", _oracle), reporter, CancellationToken.None);
        foreach (var name in s_golden)
        {
            var series = reporter.Series(name);
            Assert.Equal([0L, 3, 6], series.Select(p => p.Step));
            Assert.All(series, p => Assert.True(double.IsFinite(p.Value) && p.Value > 0, $"{name} at step {p.Step} is {p.Value}"));
        }
        // A different oracle than the teacher: the golden distance is another number than the proxy.
        Assert.NotEqual(reporter.Series(TeacherHackingMetricNames.ProxyKl)[0].Value, reporter.Series(TeacherHackingMetricNames.GoldenKl)[0].Value);
    }

    [Fact]
    public void OracleIsTheTeacher_GoldenEqualsProxyAtEveryEvaluation()
    {
        var reporter = new RecordingReporter();
        TrainingRun.Run(s_config, Options("same", _teacher), reporter, CancellationToken.None);
        var proxy = reporter.Series(TeacherHackingMetricNames.ProxyKl);
        var golden = reporter.Series(TeacherHackingMetricNames.GoldenKl);
        Assert.Equal(3, proxy.Count);
        Assert.Equal(proxy.Select(p => p.Value), golden.Select(p => p.Value), (a, b) => Math.Abs(a - b) < 1e-9);
    }

    [Fact]
    public void OracleWithAnotherTokenizer_IsRefusedNamingBoth()
    {
        var other = Save("other.safetensors", seed: 5, "words-other");
        var error = Assert.Throws<InvalidOperationException>(() => TrainingRun.Run(s_config, Options("other", other), new RecordingReporter(), CancellationToken.None));
        Assert.StartsWith("oracle:", error.Message);
        Assert.Contains("words-other", error.Message);
        Assert.Contains(WordTokenizer.ArithmeticId, error.Message);
    }

    [Fact]
    public void OracleWithoutItsFile_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            TrainingRun.Run(s_config, new TrainingOptions(_dir.File("none"), _teacher, Threads: 1), new RecordingReporter(), CancellationToken.None));
        Assert.Contains("oracle", error.Message);
    }
}
