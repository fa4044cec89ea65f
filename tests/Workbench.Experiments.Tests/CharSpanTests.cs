using Workbench.Experiments;

namespace Workbench.Experiments.Tests;

public sealed class CharSpanTests
{
    [Fact]
    public void CharSpan_OverlapsAndText_UseAnExclusiveEnd()
    {
        var span = new CharSpan(4, 7);
        Assert.Equal(3, span.Length);
        Assert.Equal("has", span.Of("ann has 3 pens ."));
        Assert.True(span.Overlaps(new CharSpan(6, 9)));
        Assert.False(span.Overlaps(new CharSpan(7, 9)));
        Assert.False(span.Overlaps(new CharSpan(0, 4)));
    }

    [Fact]
    public void CharSpan_EndBeforeStart_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CharSpan(5, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CharSpan(-1, 4));
    }
}
