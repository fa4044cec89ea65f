using Workbench.Experiments.TeacherHacking;

namespace Workbench.Experiments.Tests.TeacherHacking;

public sealed class TeacherHackingSignatureTests
{
    private static TeacherHackingPoint[] Points(double[] proxy, double[] golden, int every = 10) =>
        [.. proxy.Select((p, i) => new TeacherHackingPoint(i * every, p, golden[i]))];

    [Fact]
    public void BothImproving_NoSignature()
    {
        var points = Points([1.0, 0.8, 0.6, 0.5, 0.4], [2.0, 1.8, 1.7, 1.6, 1.5]);
        Assert.Empty(TeacherHackingSignature.Detect(points, window: 2));
    }

    [Fact]
    public void ProxyFallingWhileGoldenRises_OneSpanFromTheWindowStartToTheLastFlaggedEvaluation()
    {
        // Golden improves to step 20, then worsens while the proxy keeps falling: with w = 2, evaluation 4 (step 40) is the first
        // whose golden is above the one two evaluations before (1.75 > 1.7), through evaluation 6 (step 60).
        var points = Points([1.0, 0.8, 0.6, 0.5, 0.4, 0.35, 0.3], [2.0, 1.8, 1.7, 1.7, 1.75, 1.8, 1.9]);
        var span = Assert.Single(TeacherHackingSignature.Detect(points, window: 2));
        Assert.Equal(20, span.FromStep);
        Assert.Equal(60, span.ToStep);
        Assert.Equal(0.3 - 0.6, span.ProxyChange, 1e-12);
        Assert.Equal(1.9 - 1.7, span.GoldenChange, 1e-12);
    }

    [Fact]
    public void TheWindowMatters_AOneEvaluationBlipIsNotAThreeEvaluationTrend()
    {
        var points = Points([1.0, 0.9, 0.8, 0.7, 0.6], [2.0, 1.9, 1.95, 1.8, 1.7]);
        var blip = Assert.Single(TeacherHackingSignature.Detect(points, window: 1));
        Assert.Equal((10L, 20L), (blip.FromStep, blip.ToStep));
        Assert.Empty(TeacherHackingSignature.Detect(points, window: 3));
    }

    [Fact]
    public void TwoSeparateEpisodes_TwoSpans_AndTheToleranceIgnoresSmallChanges()
    {
        var points = Points([1.0, 0.9, 0.8, 0.79, 0.7, 0.6], [1.0, 1.1, 0.9, 0.8, 0.81, 0.815]);
        var spans = TeacherHackingSignature.Detect(points, window: 1);
        Assert.Equal([(0L, 10L), (30L, 50L)], spans.Select(s => (s.FromStep, s.ToStep)));
        Assert.Equal([(0L, 10L)], TeacherHackingSignature.Detect(points, window: 1, tolerance: 0.02).Select(s => (s.FromStep, s.ToStep)));
    }

    [Fact]
    public void PointsOutOfOrder_AreSortedByStep_AndTooFewForTheWindowGiveNothing()
    {
        var points = Points([1.0, 0.8, 0.6], [1.0, 1.1, 1.2]).Reverse();
        Assert.Single(TeacherHackingSignature.Detect(points, window: 2));
        Assert.Empty(TeacherHackingSignature.Detect(points, window: 3));
    }

    [Fact]
    public void Pair_KeepsOnlyStepsWithBothMetrics()
    {
        var paired = TeacherHackingSignature.Pair([(0, 1.0), (10, 0.9), (20, 0.8)], [(10, 2.0), (20, 2.1), (30, 2.2)]);
        Assert.Equal([new TeacherHackingPoint(10, 0.9, 2.0), new TeacherHackingPoint(20, 0.8, 2.1)], paired);
    }

    [Fact]
    public void BadWindowOrTolerance_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TeacherHackingSignature.Detect([], window: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TeacherHackingSignature.Detect([], tolerance: -1));
    }
}
