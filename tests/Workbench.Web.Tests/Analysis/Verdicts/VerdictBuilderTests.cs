using Workbench.Experiments;
using Workbench.Experiments.Leaf;
using Workbench.Web.Analysis;
using Workbench.Web.Analysis.Verdicts;

namespace Workbench.Web.Tests.Analysis.Verdicts;

public sealed class VerdictBuilderTests
{
    private const string Ood = "eval/ood/accuracy";
    private const string OodCopy = "eval/ood/copy_rate";

    private static RunRow Run(int id, int seed, string? mask, Dictionary<string, double> metrics, params string[] kinds) =>
        RunRows.Of(id, RunRows.Distill($"r{id}", 3e-3, kinds.Length == 0 ? [ObjectiveKinds.CrossEntropy, ObjectiveKinds.ForwardKl] : kinds) with
        {
            Seed = seed, Leaf = mask is null ? null : new LeafConfig { Mask = mask },
        }, metrics);

    // KD and LeaF over seeds 1..3 with the given OOD accuracies.
    private static RunRow[] KdVsLeaf(double[] kd, double[] leaf) =>
    [
        .. kd.Select((v, i) => Run(1 + i, 1 + i, null, new() { [Ood] = v })),
        .. leaf.Select((v, i) => Run(11 + i, 1 + i, LeafMasks.Instruction, new() { [Ood] = v })),
    ];

    [Fact]
    public void Build_LeafClearlyBetter_BeatsSentenceWithPointsAndInterval()
    {
        // Differences per seed: +0.05, +0.06, +0.07 → mean +6.0 points, sd 1 point, half = 4.303 · 1 / √3 = 2.484 points.
        var verdict = VerdictBuilder.Build(KdVsLeaf([0.30, 0.30, 0.30], [0.35, 0.36, 0.37]));

        Assert.Equal("no leaf", verdict.Baseline.Label);
        var row = Assert.Single(verdict.Section(MetricSection.Key));
        Assert.Equal(DeltaVerdict.Better, row.Cells[1].Judgement);
        Assert.Equal("leaf beats no leaf on ood accuracy by +6.0 points (95 % CI +3.5 to +8.5, 3 seeds).", Assert.Single(verdict.Sentences));
    }

    [Fact]
    public void Build_FailedRunsLeftOut_TheirStepZeroValuesDoNotCount()
    {
        // Three LeaF runs failed at step 0 with the student's starting values: counted, they would "beat" KD on nothing.
        RunRow[] runs =
        [
            .. KdVsLeaf([0.30, 0.32, 0.31], [0.40, 0.41, 0.42]),
            .. new[] { 1, 2, 3 }.Select(seed => RunRows.Of(20 + seed, RunRows.Distill($"r{20 + seed}") with { Seed = seed },
                new Dictionary<string, double> { [Ood] = 0.99 }, status: RunStatus.Failed)),
        ];

        var verdict = VerdictBuilder.Build(runs);

        Assert.Equal([21, 22, 23], verdict.Excluded.Select(r => r.Id));
        Assert.Equal(2, verdict.Configurations.Count);
        Assert.DoesNotContain(verdict.Configurations.SelectMany(c => c.Runs), r => r.Status == RunStatus.Failed);
        Assert.False(VerdictBuilder.HasCountedRuns([.. runs.Where(r => r.Status == RunStatus.Failed)]));
    }

    [Fact]
    public void Build_LeafClearlyWorse_IsWorseSentence()
    {
        var verdict = VerdictBuilder.Build(KdVsLeaf([0.40, 0.40, 0.40], [0.35, 0.34, 0.33]));

        Assert.Equal("leaf is worse than no leaf on ood accuracy by \u22126.0 points (95 % CI \u22128.5 to \u22123.5, 3 seeds).", Assert.Single(verdict.Sentences));
        Assert.Equal(DeltaVerdict.Worse, verdict.Rows[0].Cells[1].Judgement);
    }

    [Fact]
    public void Build_IntervalHoldsZero_NotDistinguishableAndUncoloured()
    {
        // Differences +0.10, −0.05, 0.00: mean +1.67 points, sd 7.64 points, half 18.97 points.
        var verdict = VerdictBuilder.Build(KdVsLeaf([0.30, 0.40, 0.35], [0.40, 0.35, 0.35]));

        Assert.Equal("leaf is not distinguishable from no leaf on ood accuracy (95 % CI \u221217.3 to +20.6, 3 seeds).", Assert.Single(verdict.Sentences));
        Assert.Equal(DeltaVerdict.Neutral, verdict.Rows[0].Cells[1].Judgement);
    }

    [Fact]
    public void Build_OneSeed_SaysNoInterval()
    {
        var verdict = VerdictBuilder.Build(KdVsLeaf([0.30], [0.45]));

        Assert.Equal("leaf vs no leaf on ood accuracy: +15.0 points (1 seed, no interval).", Assert.Single(verdict.Sentences));
        Assert.Equal(DeltaVerdict.Neutral, verdict.Rows[0].Cells[1].Judgement);
    }

    [Fact]
    public void Build_CopyRateFalls_LowerIsBetterBeats()
    {
        RunRow[] runs =
        [
            Run(1, 1, null, new() { [OodCopy] = 0.50 }), Run(2, 2, null, new() { [OodCopy] = 0.45 }),
            Run(3, 1, LeafMasks.Instruction, new() { [OodCopy] = 0.25 }), Run(4, 2, LeafMasks.Instruction, new() { [OodCopy] = 0.21 }),
        ];

        var verdict = VerdictBuilder.Build(runs);

        // Differences −0.25, −0.24: mean −24.5 points, sd 0.707 points, half 12.706 · 0.707 / √2 = 6.35 points.
        Assert.Equal("leaf beats no leaf on ood copy rate by \u221224.5 points (95 % CI \u221230.9 to \u221218.1, 2 seeds; lower is better).",
            Assert.Single(verdict.Sentences));
        Assert.Equal(DeltaVerdict.Better, verdict.Rows[0].Cells[1].Judgement);
    }

    [Fact]
    public void Build_PlainUnits_NoPoints()
    {
        RunRow[] runs =
        [
            Run(1, 1, null, new() { ["eval/ood/cam_lift"] = 1.2 }), Run(2, 1, LeafMasks.Instruction, new() { ["eval/ood/cam_lift"] = 0.8 }),
        ];

        var verdict = VerdictBuilder.Build(runs, extraKeyMetrics: ["eval/ood/cam_lift"]);

        Assert.Equal("leaf vs no leaf on ood CAM lift: \u22120.4 (1 seed, no interval).", Assert.Single(verdict.Sentences));
    }

    [Fact]
    public void KeyMetrics_Default_EvalAccuracyThenEachSetsKeyMeasures()
    {
        string[] metrics = ["eval/accuracy", "eval/iid/accuracy", "eval/ood/accuracy", "eval/ood/cam_share", "eval/ood/copy_rate", "eval/ood/loss", "train/loss"];

        Assert.Equal(["eval/accuracy", "eval/iid/accuracy", "eval/ood/accuracy", "eval/ood/copy_rate", "eval/ood/cam_share", "train/loss"],
            VerdictBuilder.KeyMetrics(metrics, ["train/loss"]));
    }

    [Fact]
    public void Build_Sections_DetectionSystemLossesCollapsedBelowKey()
    {
        var metrics = new Dictionary<string, double>
        {
            [Ood] = 0.4, ["detect/f1"] = 0.5, ["system/memory_mb"] = 300, [MetricNames.TokensPerSecond] = 1000,
            [MetricNames.TrainLoss] = 1.2, [MetricNames.EvalLoss] = 1.5, [MetricNames.EvalTop1Agreement] = 0.7,
        };
        var verdict = VerdictBuilder.Build([Run(1, 1, null, metrics), Run(2, 2, null, metrics)]);

        Assert.Equal([Ood], verdict.Section(MetricSection.Key).Select(r => r.Metric));
        Assert.Equal(["detect/f1"], verdict.Section(MetricSection.Detection).Select(r => r.Metric));
        Assert.Equal(["system/memory_mb", MetricNames.TokensPerSecond], verdict.Section(MetricSection.System).Select(r => r.Metric));
        Assert.Equal([MetricNames.EvalLoss, MetricNames.TrainLoss], verdict.Section(MetricSection.Loss).Select(r => r.Metric));
        Assert.Equal([MetricNames.EvalTop1Agreement], verdict.Section(MetricSection.Other).Select(r => r.Metric));
        Assert.Equal("eval/loss · cross-entropy", verdict.Rows.Single(r => r.Metric == MetricNames.EvalLoss).Description);
        Assert.Equal("train/loss · weighted training objective", verdict.Rows.Single(r => r.Metric == MetricNames.TrainLoss).Description);
    }

    [Fact]
    public void Build_TrainLossUnderDifferentObjectiveMixes_NotComparedNotColoured()
    {
        RunRow[] runs =
        [
            Run(1, 1, null, new() { [MetricNames.TrainLoss] = 2.0, [MetricNames.EvalLoss] = 2.0 }, ObjectiveKinds.CrossEntropy, ObjectiveKinds.ForwardKl),
            Run(2, 2, null, new() { [MetricNames.TrainLoss] = 2.1, [MetricNames.EvalLoss] = 2.1 }, ObjectiveKinds.CrossEntropy, ObjectiveKinds.ForwardKl),
            Run(3, 1, null, new() { [MetricNames.TrainLoss] = 0.5, [MetricNames.EvalLoss] = 1.0 }, ObjectiveKinds.CrossEntropy, ObjectiveKinds.Jsd),
            Run(4, 2, null, new() { [MetricNames.TrainLoss] = 0.6, [MetricNames.EvalLoss] = 1.1 }, ObjectiveKinds.CrossEntropy, ObjectiveKinds.Jsd),
        ];

        var verdict = VerdictBuilder.Build(runs);

        var train = verdict.Rows.Single(r => r.Metric == MetricNames.TrainLoss);
        Assert.False(train.Comparability.Comparable);
        Assert.Contains("0.5·cross_entropy + 1·forward_kl vs 0.5·cross_entropy + 1·jsd", train.Comparability.Reason);
        Assert.Equal(DeltaVerdict.Neutral, train.Cells[1].Judgement);          // −1.5 every seed, yet not "better"
        var eval = verdict.Rows.Single(r => r.Metric == MetricNames.EvalLoss);
        Assert.True(eval.Comparability.Comparable);
        Assert.Equal(DeltaVerdict.Better, eval.Cells[1].Judgement);            // cross-entropy on the same data: −1.0 every seed
    }

    [Fact]
    public void SummaryComparison_DifferentObjectiveMixes_TrainLossIncomparable()
    {
        var a = RunRows.Of(1, RunRows.Distill("a", 3e-3, ObjectiveKinds.CrossEntropy, ObjectiveKinds.ForwardKl), new Dictionary<string, double> { ["train/loss"] = 2, ["eval/loss"] = 2 });
        var b = RunRows.Of(2, RunRows.Distill("b", 3e-3, ObjectiveKinds.Jsd), new Dictionary<string, double> { ["train/loss"] = 1, ["eval/loss"] = 1 });

        var rows = SummaryComparison.Build([a, b], baselineRunId: 1);

        Assert.Equal(DeltaVerdict.Incomparable, rows.Single(r => r.Metric == "train/loss").Cells[1].Verdict);
        Assert.Equal(DeltaVerdict.Better, rows.Single(r => r.Metric == "eval/loss").Cells[1].Verdict);
        Assert.DoesNotContain("success", MetricDirections.CssClass(DeltaVerdict.Incomparable));
        Assert.DoesNotContain("error", MetricDirections.CssClass(DeltaVerdict.Incomparable));
    }

    [Fact]
    public void Build_BaselineKeyChosen_ThatConfigurationFirst()
    {
        var runs = KdVsLeaf([0.30, 0.30, 0.30], [0.35, 0.36, 0.37]);
        var leafKey = ConfigurationGrouping.Group(runs).Configurations[1].Key;

        var verdict = VerdictBuilder.Build(runs, leafKey);

        Assert.Equal(["leaf", "no leaf"], verdict.Configurations.Select(c => c.Label));
        Assert.StartsWith("no leaf is worse than leaf on ood accuracy by \u22126.0 points", Assert.Single(verdict.Sentences));
    }
}
