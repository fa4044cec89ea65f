using Workbench.Experiments;
using Workbench.Training.Leaf;

namespace Workbench.Training.Tests.Leaf;

public sealed class ProtectedTokensTests
{
    [Theory]
    [InlineData("", true)]
    [InlineData(" ", true)]
    [InlineData("\n", true)]
    [InlineData("\n\n", true)]
    [InlineData(" \t\r\n", true)]
    [InlineData("\\", true)]
    [InlineData("\\\\", false)]
    [InlineData(" every", false)]
    [InlineData("7", false)]
    [InlineData("+", false)]
    [InlineData(".", false)]
    public void IsProtected_TokenText_MatchesReferenceRule(string text, bool expected) =>
        Assert.Equal(expected, ProtectedTokens.IsProtected(text));

    [Fact]
    public void Of_TextAndOffsets_ReadsEachTokensCharacters()
    {
        const string text = "a \\\n b";
        CharSpan[] offsets = [new(0, 1), new(1, 2), new(2, 3), new(3, 4), new(4, 6)];
        Assert.Equal([false, true, true, true, false], ProtectedTokens.Of(text, offsets));
    }
}
