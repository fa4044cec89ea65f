using Workbench.Experiments;
using Workbench.Web.Components.Controls;

namespace Workbench.Web.Tests.Components;

public sealed class TextSegmentsTests
{
    [Fact]
    public void Split_SpansInsideAndAtTheEdges_AlternatesPlainAndMarked()
    {
        var segments = TextSegments.Split("abcdefgh", [new CharSpan(0, 2), new CharSpan(4, 6), new CharSpan(6, 8)]);
        Assert.Equal([new("ab", true), new("cd", false), new("ef", true), new("gh", true)], segments);
    }

    [Fact]
    public void Split_NoSpans_OneSegment() =>
        Assert.Equal([new TextSegment("text", false)], TextSegments.Split("text", null));

    [Fact]
    public void Split_SpanPastTheEnd_ClampedNotThrown() =>
        Assert.Equal([new TextSegment("ab", false), new TextSegment("c", true)], TextSegments.Split("abc", [new CharSpan(2, 10)]));
}
