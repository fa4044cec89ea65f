using Workbench.Web.Analysis;

namespace Workbench.Web.Tests.Analysis;

public sealed class MeanIntervalTests
{
    [Fact]
    public void Of_ThreeValues_MeanSdAndTIntervalByHand()
    {
        // 0.40, 0.50, 0.60: mean 0.5; sd = sqrt((0.01 + 0 + 0.01) / 2) = 0.1; half = 4.303 · 0.1 / √3 = 0.24843
        var interval = MeanInterval.Of([0.40, 0.50, 0.60]);

        Assert.Equal(3, interval.N);
        Assert.Equal(0.5, interval.Mean, 12);
        Assert.Equal(0.1, interval.StandardDeviation!.Value, 12);
        Assert.Equal(0.5 - 0.24843, interval.Low!.Value, 4);
        Assert.Equal(0.5 + 0.24843, interval.High!.Value, 4);
        Assert.Equal((0.4, 0.6), (interval.Min, interval.Max));
        Assert.True(interval.ExcludesZero);                         // [0.25, 0.75]
    }

    [Fact]
    public void Of_OneValue_NoSpreadNoInterval()
    {
        var interval = MeanInterval.Of([0.7]);

        Assert.Equal(0.7, interval.Mean);
        Assert.Null(interval.StandardDeviation);
        Assert.Null(interval.Low);
        Assert.Null(interval.HalfWidth);
        Assert.False(interval.ExcludesZero);
    }

    [Fact]
    public void Of_TwoValues_UsesDf1()
    {
        // 1, 3: mean 2, sd √2, half = 12.706 · √2 / √2 = 12.706
        var interval = MeanInterval.Of([1.0, 3.0]);

        Assert.Equal(12.706, interval.HalfWidth!.Value, 3);
    }
}
