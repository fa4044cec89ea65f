using Workbench.Experiments.Leaf;

namespace Workbench.Experiments.Tests.Leaf;

public sealed class DetectionBoardTests
{
    private static IEnumerable<(string, double)> Row(string scorer, string unit, string rule, double precision, double hit) =>
        LeafMetricNames.BoardMeasures.Select(m => (LeafMetricNames.Board(scorer, unit, rule, m), m switch
        {
            "precision" => precision,
            "f1" => precision / 2,
            "hit_rate" => hit,
            _ => 0.0,
        }));

    [Fact]
    public void Rows_FromBoardMetrics_BestF1FirstWithCostRelativeToTheGradientNorm()
    {
        (string, double)[] metrics =
        [
            .. Row(LeafScorers.GradientNorm, LeafSpanUnits.Token, "q0.10", 0.4, 0.9),
            .. Row(LeafScorers.Intervention, LeafSpanUnits.Clause, "q0.10", 0.8, 0.95),
            (LeafMetricNames.BoardCost(LeafScorers.GradientNorm), 4),
            (LeafMetricNames.BoardCost(LeafScorers.Intervention), 10),
            (LeafMetricNames.BoardSamples, 200),
            ("detect/leaf/precision", 0.4),
        ];

        var rows = DetectionBoard.Rows(metrics);

        Assert.Equal(2, rows.Count);
        Assert.Equal((LeafScorers.Intervention, LeafSpanUnits.Clause, "q0.10"), (rows[0].Scorer, rows[0].Unit, rows[0].Rule));
        Assert.Equal(0.8, rows[0].Precision);
        Assert.Equal(0.95, rows[0].HitRate);
        Assert.Equal(2.5, rows[0].CostVsGradient);
        Assert.Equal(200, DetectionBoard.Samples(metrics));
    }

    [Fact]
    public void Config_IsAValidLeafRunWithTheBoardOn()
    {
        var config = DetectionBoard.Config(1, 2, BuiltInDatasets.DistractorShortcut, 100);
        Assert.Empty(RunConfigValidator.Validate(config));
        Assert.Equal(100, config.Leaf!.LeaderboardSamples);
    }
}
