using System.Text.RegularExpressions;
using Workbench.Experiments;
using Workbench.Training.Leaf;

namespace Workbench.Training.Tests.Leaf;

public sealed partial class ResponseSplitTests
{
    // Whitespace-delimited words plus each newline run as its own token.
    private static CharSpan[] Tokens(string text) =>
        [.. TokenPattern().Matches(text).Select(m => new CharSpan(m.Index, m.Index + m.Length))];

    [GeneratedRegex(@"\S+|\n+")]
    private static partial Regex TokenPattern();

    [Fact]
    public void Find_BlankLines_SplitsAtTheBlankLineNearestTheTokenMidpoint()
    {
        const string response = "a b\n\nc d e f\ng h\n\ni j k l";
        var split = ResponseSplit.Find(response, Tokens(response));
        Assert.NotNull(split);
        Assert.Equal("a b\n\nc d e f\ng h\n\n", split.Prefix);   // the single newline nearer the middle is not a blank line
        Assert.Equal("i j k l", split.Remainder);
        Assert.Equal(response, string.Concat(split.Segments));
    }

    [Fact]
    public void Find_OnlySingleNewlines_SplitsAtNearestNewline()
    {
        const string response = "x = 1\ny = 2\nz = 3\nanswer 6";
        var split = ResponseSplit.Find(response, Tokens(response));
        Assert.NotNull(split);
        Assert.Equal("x = 1\ny = 2\n", split.Prefix);
        Assert.Equal("z = 3\nanswer 6", split.Remainder);
    }

    [Fact]
    public void Find_NoBoundary_ReturnsNull()
    {
        Assert.Null(ResponseSplit.Find("just one line of text", Tokens("just one line of text")));
        Assert.Null(ResponseSplit.Find("trailing newline only\n", Tokens("trailing newline only\n")));
    }

    [Fact]
    public void Find_ThreeSegments_TwoIncreasingBoundaries()
    {
        const string response = "a\nb\nc\nd\ne\nf";
        var split = ResponseSplit.Find(response, Tokens(response), segments: 3);
        Assert.NotNull(split);
        Assert.Equal(["a\nb\n", "c\nd\n", "e\nf"], split.Segments);
    }

    [Fact]
    public void Find_ThreeSegmentsButOneBoundary_ReturnsNull()
    {
        const string response = "a b c\nd e f";
        Assert.Null(ResponseSplit.Find(response, Tokens(response), segments: 3));
    }
}
