using Workbench.Experiments;
using Workbench.Web.Components.Leaf;

namespace Workbench.Web.Tests.Components.Leaf;

public sealed class LeafSummaryTests
{
    private static readonly DateTime s_t = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static MetricPoint P(string name, long step, double value) => new(name, step, value, s_t);

    [Fact]
    public void EffectMetrics_EvalSets_ListEachSetsMeasuresItReports()
    {
        var summary = new LeafSummary([
            P("eval/accuracy", 0, 0.5), P("eval/ood/accuracy", 0, 0.2), P("eval/ood/accuracy", 10, 0.4), P("eval/ood/copy_rate", 0, 0.6),
            P("eval/ood/cam_share", 0, 0.3), P("eval/ood/cam_lift", 0, 1.5), P("eval/iid/accuracy", 0, 0.7), P("eval/ood_accuracy", 0, 0.1),
        ]);

        Assert.Equal(["eval/accuracy", "eval/iid/accuracy", "eval/ood/accuracy", "eval/ood/copy_rate", "eval/ood/cam_share", "eval/ood/cam_lift"],
                     summary.EffectMetrics.Select(m => m.Name));
        Assert.Equal((0.2, 0.4), (summary.Before("eval/ood/accuracy"), summary.After("eval/ood/accuracy")));
        Assert.True(summary.EffectMetrics.Single(m => m.Name == "eval/ood/accuracy").HigherIsBetter);
        Assert.False(summary.EffectMetrics.Single(m => m.Name == "eval/ood/copy_rate").HigherIsBetter);
    }

    [Fact]
    public void EffectMetrics_RunFromBeforeEvalSets_ReadsTheOldNames()
    {
        var summary = new LeafSummary([P("eval/accuracy", 0, 0.5), P("eval/ood_accuracy", 0, 0.1), P("eval/ood_copy_rate", 0, 0.8), P("eval/cam_lift", 0, 2)]);

        Assert.Equal(["eval/accuracy", "eval/ood_accuracy", "eval/ood_copy_rate", "eval/cam_lift"], summary.EffectMetrics.Select(m => m.Name));
        Assert.True(summary.EffectMetrics.Single(m => m.Name == "eval/ood_accuracy").HigherIsBetter);
    }
}
