using Workbench.Web.Analysis;

namespace Workbench.Web.Tests.Analysis;

public sealed class MetricDirectionsTests
{
    [Theory]
    [InlineData("train/loss", MetricDirection.LowerIsBetter)]
    [InlineData("eval/perplexity", MetricDirection.LowerIsBetter)]
    [InlineData("eval/forward_kl", MetricDirection.LowerIsBetter)]
    [InlineData("eval/accuracy", MetricDirection.HigherIsBetter)]
    [InlineData("eval/top1_agreement", MetricDirection.HigherIsBetter)]
    [InlineData("eval/ood_accuracy", MetricDirection.HigherIsBetter)]
    [InlineData("eval/ood_copy_rate", MetricDirection.LowerIsBetter)]
    [InlineData("eval/cam_share", MetricDirection.LowerIsBetter)]
    [InlineData("eval/ood/accuracy", MetricDirection.HigherIsBetter)]
    [InlineData("eval/ood/copy_rate", MetricDirection.LowerIsBetter)]
    [InlineData("eval/ood/cam_lift", MetricDirection.LowerIsBetter)]
    [InlineData("detect/leaf/hit_rate", MetricDirection.HigherIsBetter)]
    [InlineData("detect/ms_per_sample", MetricDirection.LowerIsBetter)]
    [InlineData("system/memory_mb", MetricDirection.LowerIsBetter)]
    [InlineData("train/lr", MetricDirection.Unknown)]
    [InlineData("train/tokens_per_s", MetricDirection.Unknown)]
    public void Of_Name_Direction(string metric, MetricDirection expected) => Assert.Equal(expected, MetricDirections.Of(metric));

    [Theory]
    [InlineData("eval/loss", 2.0, 1.5, DeltaVerdict.Better)]
    [InlineData("eval/loss", 2.0, 2.5, DeltaVerdict.Worse)]
    [InlineData("eval/accuracy", 0.5, 0.6, DeltaVerdict.Better)]
    [InlineData("eval/accuracy", 0.5, 0.4, DeltaVerdict.Worse)]
    [InlineData("eval/accuracy", 0.5, 0.5, DeltaVerdict.Same)]
    [InlineData("train/lr", 0.1, 0.2, DeltaVerdict.Neutral)]
    public void Judge_DeltaAgainstBaseline_ColouredByDirection(string metric, double baseline, double value, DeltaVerdict expected)
    {
        var verdict = MetricDirections.Judge(metric, baseline, value);

        Assert.Equal(expected, verdict);
        Assert.Contains(expected switch { DeltaVerdict.Better => "success", DeltaVerdict.Worse => "error", _ => "neutral" },
            MetricDirections.CssClass(verdict));
    }

    [Fact]
    public void SummaryComparison_Baseline_DeltasForEveryOtherRun()
    {
        var baseline = RunRows.Of(1, new() { Name = "base" }, new Dictionary<string, double> { ["eval/loss"] = 2, ["eval/accuracy"] = 0.5 });
        var better = RunRows.Of(2, new() { Name = "b" }, new Dictionary<string, double> { ["eval/loss"] = 1.5, ["eval/accuracy"] = 0.4 });

        var rows = SummaryComparison.Build([baseline, better], baselineRunId: 1);

        var loss = rows.Single(r => r.Metric == "eval/loss");
        Assert.Null(loss.Cells[0].Delta);
        Assert.Equal(-0.5, loss.Cells[1].Delta);
        Assert.Equal(DeltaVerdict.Better, loss.Cells[1].Verdict);
        Assert.Equal(DeltaVerdict.Worse, rows.Single(r => r.Metric == "eval/accuracy").Cells[1].Verdict);
    }
}
