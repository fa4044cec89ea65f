using Workbench.Storage.Queries;
using Workbench.Web.Tracking;

namespace Workbench.Web.Tests.Analysis;

public sealed class SeriesBandsTests
{
    private static IReadOnlyList<SeriesPoint> Points(params (long Step, double Value)[] points) =>
        points.Select(p => new SeriesPoint(p.Step, p.Value, default)).ToList();

    [Fact]
    public void Align_TwoRunsOnOneGrid_OneValuePerRunPerBucket()
    {
        var grid = new BucketGrid(1, 100, 2);      // buckets [1, 50], [51, 100]
        var a = Points((10, 1.0), (40, 3.0), (60, 5.0));
        var b = Points((20, 4.0), (90, 7.0));

        var aligned = SeriesBands.Align([a, b], grid);

        Assert.Equal([10L, 60L], aligned.Select(x => x.Step));     // each bucket's first logged step
        Assert.Equal([2.0, 4.0], aligned[0].Values);        // run a: mean of its two points in the bucket
        Assert.Equal([5.0, 7.0], aligned[1].Values);
    }

    [Fact]
    public void Reduce_MinMaxAndInterval()
    {
        Assert.Equal((2.0, 1.0, 3.0), SeriesBands.Reduce([1.0, 2.0, 3.0], ChartBand.MinMax));
        var (mean, low, high) = SeriesBands.Reduce([1.0, 2.0, 3.0], ChartBand.Ci);
        Assert.Equal(2.0, mean, 12);
        Assert.Equal(2.0 - 4.303 * 1 / Math.Sqrt(3), low, 3);      // sd 1
        Assert.Equal((5.0, 5.0, 5.0), SeriesBands.Reduce([5.0], ChartBand.Ci));
    }
}
