using Workbench.Storage.Queries;

namespace Workbench.Storage.Tests.Queries;

public sealed class MinMaxDownsamplerTests
{
    private static IReadOnlyList<SeriesPoint> Downsample(IEnumerable<SeriesPoint> points, BucketGrid grid)
    {
        var sampler = new MinMaxDownsampler(grid);
        foreach (var point in points) sampler.Add(point);
        return sampler.Finish();
    }

    private static IEnumerable<SeriesPoint> Flat(int count, double value = 1.0) =>
        Enumerable.Range(0, count).Select(i => new SeriesPoint(i, value, default));

    [Fact]
    public void Finish_OnePointSpikeInAMillion_SpikeSurvives()
    {
        var points = Flat(1_000_000).Select(p => p.Step == 654_321 ? p with { Value = 100 } : p);

        var kept = Downsample(points, BucketGrid.ForPoints(0, 999_999, 1500));

        Assert.InRange(kept.Count, 2, 1502);
        Assert.Contains(kept, p => p.Step == 654_321 && p.Value == 100);
    }

    [Fact]
    public void Finish_OnePointDip_DipSurvives()
    {
        var points = Flat(100_000, 5).Select(p => p.Step == 77 ? p with { Value = -3 } : p);

        var kept = Downsample(points, BucketGrid.ForPoints(0, 99_999, 500));

        Assert.Contains(kept, p => p.Step == 77 && p.Value == -3);
    }

    [Fact]
    public void Finish_RisingSeries_FirstAndLastKept()
    {
        // The series' first and last points are neither a bucket's min nor its max here; they are kept anyway.
        var points = Enumerable.Range(0, 50_000).Select(i => new SeriesPoint(i, Math.Sin(i / 300.0 + 1), default)).ToList();

        var kept = Downsample(points, BucketGrid.ForPoints(0, 49_999, 1000));

        Assert.Equal(points[0], kept[0]);
        Assert.Equal(points[^1], kept[^1]);
        Assert.True(kept.Count <= 1002, $"{kept.Count} points");
        Assert.True(kept.Zip(kept.Skip(1)).All(pair => pair.First.Step < pair.Second.Step), "steps strictly increase");
    }

    [Fact]
    public void Finish_FewerPointsThanBudget_EveryPointKept()
    {
        var points = Enumerable.Range(0, 300).Select(i => new SeriesPoint(i * 10, i % 7, default)).ToList();

        var kept = Downsample(points, BucketGrid.ForPoints(0, 2990, 1500));

        Assert.Equal(points, kept);
    }

    [Fact]
    public void ForPoints_TwoRunsOfDifferentLengths_ShareBucketBoundaries()
    {
        // The comparison grid spans both runs; a step falls in the same bucket whichever run it belongs to.
        var grid = BucketGrid.ForPoints(0, 199_999, 1500);
        var shortRun = Downsample(Flat(100_000).Select(p => p.Step == 50_000 ? p with { Value = 9 } : p), grid);
        var longRun = Downsample(Flat(200_000).Select(p => p.Step == 50_000 ? p with { Value = 9 } : p), grid);

        Assert.Equal(750, grid.Buckets);
        Assert.Equal(grid.IndexOf(50_000), grid.IndexOf(50_000 + 1));
        Assert.Contains(shortRun, p => p.Step == 50_000 && p.Value == 9);
        Assert.Contains(longRun, p => p.Step == 50_000 && p.Value == 9);
        // Identical data on the shared part of the grid gives identical kept points there.
        Assert.Equal(shortRun.Where(p => p.Step < 99_000), longRun.Where(p => p.Step < 99_000));
    }

    [Fact]
    public void IndexOf_StepsAtTheEdges_ClampIntoTheGrid()
    {
        var grid = new BucketGrid(100, 199, 10);

        Assert.Equal(0, grid.IndexOf(100));
        Assert.Equal(0, grid.IndexOf(5));
        Assert.Equal(9, grid.IndexOf(199));
        Assert.Equal(9, grid.IndexOf(10_000));
        Assert.Equal(4, grid.IndexOf(149));
    }
}
