using Workbench.Experiments;
using Workbench.Experiments.Leaf;
using Workbench.Web.Analysis;

namespace Workbench.Web.Tests.Analysis;

public sealed class ConfigurationGroupingTests
{
    private static RunRow Kd(int id, int seed, double? ood = null) =>
        RunRows.Of(id, RunRows.Distill($"kd-s{seed}", 3e-3, ObjectiveKinds.CrossEntropy, ObjectiveKinds.ForwardKl) with { Seed = seed }, Metrics(ood));

    private static RunRow Leaf(int id, int seed, string mask, double? ood = null) =>
        RunRows.Of(id, RunRows.Distill($"leaf-{mask}-s{seed}", 3e-3, ObjectiveKinds.CrossEntropy, ObjectiveKinds.ForwardKl) with
        {
            Seed = seed, Leaf = new LeafConfig { Mask = mask },
        }, Metrics(ood));

    private static Dictionary<string, double> Metrics(double? ood) => ood is { } v ? new() { ["eval/ood/accuracy"] = v } : [];

    [Fact]
    public void Group_SameConfigDifferentSeedsAndNames_OneConfigurationOrderedBySeed()
    {
        var grouping = ConfigurationGrouping.Group([Kd(1, 3), Kd(2, 1), Kd(3, 2)]);

        var configuration = Assert.Single(grouping.Configurations);
        Assert.Equal([2, 3, 1], configuration.Runs.Select(r => r.Id));
        Assert.Equal([1, 2, 3], configuration.Seeds);
        Assert.Empty(grouping.Axes);
        Assert.True(grouping.IsExperiment);
        Assert.Equal(1, configuration.FirstRunId);
    }

    [Fact]
    public void Group_LeafMasksBesidePlainKd_AxesAndShortLabels()
    {
        var grouping = ConfigurationGrouping.Group([Kd(1, 1), Leaf(2, 1, LeafMasks.Instruction), Leaf(3, 1, LeafMasks.None), Kd(4, 2), Leaf(5, 2, LeafMasks.Instruction)]);

        Assert.Equal(3, grouping.Configurations.Count);
        Assert.Equal(["leaf", "leaf.mask"], grouping.Axes);
        Assert.Equal(["no leaf", "leaf.mask=instruction", "leaf.mask=none"], grouping.Configurations.Select(c => c.Label));
        Assert.Equal([1, 4], grouping.Configurations[0].Runs.Select(r => r.Id));
        Assert.Same(grouping.Configurations[1], grouping.OfRun(5));
    }

    [Fact]
    public void Group_LeafWithOneMaskBesideKd_PresenceAxisOnly()
    {
        var grouping = ConfigurationGrouping.Group([Kd(1, 1), Leaf(2, 1, LeafMasks.Instruction)]);

        Assert.Equal(["leaf"], grouping.Axes);
        Assert.Equal(["no leaf", "leaf"], grouping.Configurations.Select(c => c.Label));
    }

    [Fact]
    public void Group_LearningRateSweep_ValueAxis()
    {
        var grouping = ConfigurationGrouping.Group([
            RunRows.Of(1, new RunConfig { Name = "a", LearningRate = 1e-3 }),
            RunRows.Of(2, new RunConfig { Name = "b", LearningRate = 3e-3 }),
            RunRows.Of(3, new RunConfig { Name = "c", LearningRate = 1e-3, Seed = 9 }),
        ]);

        Assert.Equal(["learningRate"], grouping.Axes);
        Assert.Equal(["learningRate=0.001", "learningRate=0.003"], grouping.Configurations.Select(c => c.Label));
        Assert.Equal(2, grouping.Configurations[0].Runs.Count);
    }

    [Fact]
    public void PairedDifference_BySeed_UnpairedDroppedAndCounted()
    {
        // KD seeds 1, 2, 3; LeaF seeds 1, 2, 4. Pairs: seed 1 (0.50 − 0.30 = 0.20) and seed 2 (0.40 − 0.30 = 0.10).
        var grouping = ConfigurationGrouping.Group([
            Kd(1, 1, 0.30), Kd(2, 2, 0.30), Kd(3, 3, 0.25),
            Leaf(4, 1, LeafMasks.Instruction, 0.50), Leaf(5, 2, LeafMasks.Instruction, 0.40), Leaf(6, 4, LeafMasks.Instruction, 0.90),
        ]);

        var difference = PairedDifference.Of(grouping.Configurations[0], grouping.Configurations[1], "eval/ood/accuracy");

        Assert.Equal(2, difference.Pairs);
        Assert.Equal(2, difference.Unpaired);                       // KD seed 3 and LeaF seed 4
        Assert.Equal(0.15, difference.Interval!.Mean, 12);
        // sd of (0.20, 0.10) = 0.0707107; half = 12.706 · 0.0707107 / √2 = 0.63531
        Assert.Equal(0.0707107, difference.Interval.StandardDeviation!.Value, 6);
        Assert.Equal(0.15 - 0.63531, difference.Interval.Low!.Value, 4);
        Assert.Equal(0.15 + 0.63531, difference.Interval.High!.Value, 4);
    }

    [Fact]
    public void PairedDifference_NoCommonSeed_NoInterval()
    {
        var grouping = ConfigurationGrouping.Group([Kd(1, 1, 0.3), Leaf(2, 2, LeafMasks.Instruction, 0.5)]);

        var difference = PairedDifference.Of(grouping.Configurations[0], grouping.Configurations[1], "eval/ood/accuracy");

        Assert.Null(difference.Interval);
        Assert.Equal(0, difference.Pairs);
        Assert.Equal(2, difference.Unpaired);
    }
}
