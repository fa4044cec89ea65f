using Workbench.Experiments.Resources;
using Xunit.Abstractions;

namespace Workbench.Experiments.Tests.Resources;

public sealed class MemoryEstimateTests(ITestOutputHelper output)
{
    private const int Vocabulary = 512;

    private static MemoryEstimate Of(RunConfig config, ModelRef? teacher = null) => MemoryEstimate.Of(
        config.BatchSize, config.Student.Context, ModelMemoryShape.Gpt(config.Student, Vocabulary),
        teacher is null ? null : ModelMemoryShape.Gpt(teacher, Vocabulary), features: false);

    [Fact]
    public void Of_TheIssuesConfig_OverOneHundredGigabytes()
    {
        var config = new RunConfig { Student = new ModelRef { Layers = 48, Heads = 32, Width = 4096, Context = 4096 }, BatchSize = 1024 };

        var estimate = Of(config);

        output.WriteLine($"{MemoryEstimate.Format(estimate.TotalBytes)}: {estimate.Describe()}");
        Assert.True(estimate.TotalBytes > 100L << 30);
        Assert.True(estimate.ActivationBytes > estimate.StudentStateBytes, "at batch 1024 × 4096 the activations dominate");
    }

    [Fact]
    public void Of_DemoRuns_FewHundredMegabytesAboveTheRuntime()
    {
        var teacher = Of(RunPresets.DemoTeacher.Config);
        var distill = Of(RunPresets.DemoDistill.Config, RunPresets.DemoTeacher.Config.Student);

        output.WriteLine($"demo teacher {MemoryEstimate.Format(teacher.TotalBytes)} ({teacher.Describe()})");
        output.WriteLine($"demo distill {MemoryEstimate.Format(distill.TotalBytes)} ({distill.Describe()})");
        Assert.InRange(teacher.TotalBytes, MemoryEstimate.RuntimeBytes, 1L << 30);
        Assert.True(distill.TeacherBytes > 0 && distill.LogitBytes > Of(RunPresets.DemoDistill.Config).LogitBytes, "the teacher and its logits count");
    }

    /// <summary>The configs measured in README ("Resource limits and model folders"): peak VmHWM 459, 423 and 1,807 MB.</summary>
    [Fact]
    public void Of_MeasuredConfigs_WithinAThirdOfTheMeasuredPeak()
    {
        var big = new RunConfig { Student = new ModelRef { Layers = 6, Heads = 8, Width = 512, Context = 64 }, BatchSize = 32 };
        (MemoryEstimate Estimate, double MeasuredMb)[] cases =
        [
            (Of(RunPresets.DemoTeacher.Config), 459),
            (Of(RunPresets.DemoDistill.Config, RunPresets.DemoTeacher.Config.Student), 423),
            (Of(big), 1807),
        ];
        foreach (var (estimate, measured) in cases)
        {
            var mb = estimate.TotalBytes / 1048576.0;
            output.WriteLine($"estimate {mb:0} MB, measured {measured} MB ({(mb / measured - 1) * 100:+0;-0;0} %): {estimate.Describe()}");
            Assert.InRange(mb, measured * 2 / 3, measured * 4 / 3);
        }
    }

    [Fact]
    public void Of_DoubleTheBatch_ActivationsAndLogitsDoubleStateStays()
    {
        var config = new RunConfig { Student = new ModelRef { Layers = 4, Heads = 4, Width = 256, Context = 128 }, BatchSize = 16 };

        var (one, two) = (Of(config), Of(config with { BatchSize = 32 }));

        Assert.Equal(one.StudentStateBytes, two.StudentStateBytes);
        Assert.Equal(2 * one.ActivationBytes, two.ActivationBytes, tolerance: 2);
        Assert.Equal(2 * one.LogitBytes, two.LogitBytes, tolerance: 2);
    }

    [Fact]
    public void Of_WithAnOracle_ItsWeightsAndLogitsCountInTheTotalAndTheDescription()
    {
        var config = new RunConfig { Student = new ModelRef { Layers = 1, Heads = 2, Width = 32, Context = 64 }, BatchSize = 32 };
        var teacher = ModelMemoryShape.Gpt(new ModelRef { Layers = 1, Heads = 2, Width = 64, Context = 64 }, Vocabulary);
        var oracle = ModelMemoryShape.Gpt(new ModelRef { Layers = 24, Heads = 16, Width = 2048, Context = 64 }, Vocabulary);
        var student = ModelMemoryShape.Gpt(config.Student, Vocabulary);

        var without = MemoryEstimate.Of(32, 64, student, teacher, features: false);
        var with = MemoryEstimate.Of(32, 64, student, teacher, features: false, oracle: oracle);

        output.WriteLine(with.Describe());
        Assert.Equal(0, without.OracleBytes);
        Assert.True(with.OracleBytes >= 4 * oracle.Parameters, "at least its fp32 weights");
        Assert.Equal(with.OracleBytes * 1.2, with.TotalBytes - without.TotalBytes, tolerance: 2);   // plus the allocator's slack on it
        Assert.Equal(without with { OracleBytes = 0 }, with with { OracleBytes = 0 });              // nothing else moves
        Assert.Contains(", oracle 4.", with.Describe());
    }

    [Fact]
    public void Of_StudentState_SixteenBytesAParameter()
    {
        var shape = new ModelMemoryShape(Parameters: 1_000_000, Layers: 1, Width: 8, Heads: 1, VocabSize: 8);

        Assert.Equal(16_000_000, MemoryEstimate.Of(1, 1, shape, null, features: false).StudentStateBytes);
    }

    [Fact]
    public void Refusal_OverBudget_NamesEstimateAndBudgetSource()
    {
        var estimate = Of(new RunConfig { Student = new ModelRef { Layers = 48, Heads = 32, Width = 4096, Context = 4096 }, BatchSize = 1024 });
        var budget = new MemoryBudget(14_400L << 20, "Workbench:MemoryBudgetFraction 0.6 of 24 GB");

        var message = budget.Refusal(estimate);

        Assert.NotNull(message);
        Assert.StartsWith("This run needs about ", message);
        Assert.Contains("over the 14.1 GB budget (Workbench:MemoryBudgetFraction 0.6 of 24 GB)", message);
        Assert.Null(new MemoryBudget(long.MaxValue, "x").Refusal(estimate));
    }

    [Fact]
    public void Of_LeafRun_AddsTheDetectionPassOfBothModels()
    {
        var student = new ModelMemoryShape(1_000_000, 2, 64, 2, Vocabulary);
        var teacher = new ModelMemoryShape(4_000_000, 4, 128, 4, Vocabulary);

        var plain = MemoryEstimate.Of(16, 96, student, teacher, features: false);
        var leaf = MemoryEstimate.Of(16, 96, student, teacher, features: false, detectionBatch: 32);

        // By hand: per model 2·L·2·(34·D·T·C + 5·D·H·T²) + 16·D·T·V bytes at D = 32, T = 96.
        static double Pass(int layers, int width, int heads) =>
            2.0 * layers * 2 * (34.0 * 32 * 96 * width + 5.0 * 32 * heads * 96 * 96) + 16.0 * 32 * 96 * Vocabulary;
        Assert.Equal(0, plain.DetectionBytes);
        Assert.Equal((long)(Pass(2, 64, 2) + Pass(4, 128, 4)), leaf.DetectionBytes);
        Assert.Equal(plain.TotalBytes + leaf.DetectionBytes * 1.2, leaf.TotalBytes, tolerance: 2);
        Assert.Contains("LeaF detection", leaf.Describe());
    }
}
