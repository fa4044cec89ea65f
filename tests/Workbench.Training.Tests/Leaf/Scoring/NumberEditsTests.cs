using Workbench.Training.Data;
using Workbench.Training.Leaf;
using Workbench.Training.Leaf.Scoring;

namespace Workbench.Training.Tests.Leaf.Scoring;

/// <summary>The numbers candidates' edit: whole integers of one span moved, everything else verbatim.</summary>
public sealed class NumberEditsTests
{
    private const string Prompt = "ann has 7 apples . tom is 12 years old . how many ?";
    private static readonly Workbench.Experiments.CharSpan[] s_offsets = WordTokenizer.WordOffsets(Prompt);

    [Fact]
    public void Shift_SecondClause_MovesOnlyItsNumber()
    {
        Assert.Equal("ann has 7 apples . tom is 13 years old . how many ?", NumberEdits.Shift(Prompt, s_offsets, new TokenSpan(5, 10), +1));
        Assert.Equal("ann has 6 apples . tom is 12 years old . how many ?", NumberEdits.Shift(Prompt, s_offsets, new TokenSpan(0, 5), -1));
    }

    [Fact]
    public void Shift_NoNumberOrBelowZero_IsNull()
    {
        Assert.Null(NumberEdits.Shift(Prompt, s_offsets, new TokenSpan(10, 13), +1));
        const string zero = "she has 0 pens .";
        Assert.Null(NumberEdits.Shift(zero, WordTokenizer.WordOffsets(zero), new TokenSpan(0, 5), -1));
    }

    [Fact]
    public void Shift_DecimalsAndGroupedNumbers_LeftAlone()
    {
        const string text = "it costs 3.5 dollars, 1,000 people and 4 cats.";
        var offsets = WordTokenizer.WordOffsets(text);
        Assert.Equal("it costs 3.5 dollars, 1,000 people and 5 cats.", NumberEdits.Shift(text, offsets, new TokenSpan(0, offsets.Length), +1));
        Assert.False(NumberEdits.HasNumber("a 3.5 b", WordTokenizer.WordOffsets("a 3.5 b"), new TokenSpan(0, 3)));
        Assert.True(NumberEdits.HasNumber(Prompt, s_offsets, new TokenSpan(0, 5)));
    }
}
