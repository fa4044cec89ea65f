using Workbench.Web.Analysis;

namespace Workbench.Web.Tests.Analysis;

public sealed class DebiasedEmaTests
{
    [Fact]
    public void Smooth_ConstantSeries_StaysConstantFromTheFirstPoint()
    {
        // Without the debiasing the first value would be (1 - w) * 5 = 0.5.
        var smoothed = DebiasedEma.Smooth([5, 5, 5, 5], 0.9);

        Assert.All(smoothed, v => Assert.Equal(5, v, 12));
    }

    [Fact]
    public void Smooth_Step_MatchesHandComputedValues()
    {
        var smoothed = DebiasedEma.Smooth([0, 10], 0.5);

        // m1 = 0.5*0 + 0.5*0 = 0 -> 0 / 0.5 = 0; m2 = 0.5*0 + 0.5*10 = 5 -> 5 / 0.75
        Assert.Equal(0, smoothed[0], 12);
        Assert.Equal(5 / 0.75, smoothed[1], 12);
    }

    [Fact]
    public void Smooth_WeightZeroAndNaN_RawValuesAndNaNPassesThrough()
    {
        Assert.Equal<double>([1, 2, 3], DebiasedEma.Smooth([1, 2, 3], 0));
        var withNaN = DebiasedEma.Smooth([1, double.NaN, 1], 0.6);
        Assert.True(double.IsNaN(withNaN[1]));
        Assert.Equal(1, withNaN[2], 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => DebiasedEma.Smooth([1], 1));
    }

    [Fact]
    public void OutlierRange_OneHugeSpike_RangeIgnoresIt()
    {
        var values = Enumerable.Range(0, 1000).Select(i => i == 3 ? 1e6 : 1 + i / 1000.0);

        var range = OutlierRange.Of(values);

        Assert.NotNull(range);
        Assert.True(range.Value.Max < 3, range.ToString());
        Assert.True(range.Value.Min < 1.01);
    }
}
