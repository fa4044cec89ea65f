using Workbench.Experiments;
using Workbench.Experiments.Leaf;
using Workbench.Training.Data;
using Workbench.Training.Leaf;
using Workbench.Training.Leaf.Scoring;

namespace Workbench.Training.Tests.Leaf;

public sealed class SpanUnitsTests
{
    // Sub-word tokens as a BPE tokenizer would cut them, each with the characters it adds (leading space included).
    private const string Text = "Nadia gave away 1,000 pens. Ben is 8.";
    private static readonly CharSpan[] s_subwords =
    [
        new(0, 2), new(2, 5), new(5, 10), new(10, 15), new(15, 17), new(17, 21), new(21, 26), new(26, 27),
        new(27, 31), new(31, 34), new(34, 36), new(36, 37),
    ];   // "Na" "dia" " gave" " away" " 1" ",000" " pens" "." " Ben" " is" " 8" "."

    [Fact]
    public void Of_Word_GroupsSubWordTokensIntoWholeWords()
    {
        var units = SpanUnits.Of(Text, s_subwords, LeafSpanUnits.Word);
        Assert.Equal(new[] { 0, 0, 1, 2, 3, 3, 4, 4, 5, 6, 7, 7 }, units);
    }

    [Fact]
    public void Of_Clause_SplitsAfterSentencePunctuationButNotInsideNumbers()
    {
        var units = SpanUnits.Of(Text, s_subwords, LeafSpanUnits.Clause);
        Assert.Equal(new[] { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1 }, units);
        Assert.Null(SpanUnits.Of(Text, s_subwords, LeafSpanUnits.Token));
    }

    [Fact]
    public void Of_WhitespaceOnlyToken_IsAUnitOfItsOwn()
    {
        var units = SpanUnits.Of("a b\n\nc", [new(0, 1), new(1, 3), new(3, 5), new(5, 6)], LeafSpanUnits.Clause);
        Assert.Equal(new[] { 0, 0, 1, 2 }, units);
    }

    [Fact]
    public void Average_MeansOverUnprotectedTokensOfEachUnit()
    {
        var averaged = SpanUnits.Average([0, 1, 0.5, 0.2], [0, 0, 1, 1], [false, false, false, true]);
        Assert.Equal(new[] { 0.5, 0.5, 0.5, 0.2 }, averaged);
    }

    [Fact]
    public void Decide_ClauseUnit_FlagsTheWholeClauseOfTheLowestMeanDelta()
    {
        // Student saliency concentrates on "Ben is 8." while the teacher's is spread over the first clause.
        double[] teacher = [0.9, 0.8, 0.7, 0.6, 1.0, 0.9, 0.5, 0.1, 0.1, 0.1, 0.1, 0.1];
        double[] student = [0.1, 0.1, 0.1, 0.1, 0.2, 0.1, 0.1, 0.1, 0.5, 0.9, 1.0, 0.1];
        var raw = new RawScores(teacher, student, CompareRaw: false);

        var (byToken, _) = FlagDecision.Decide(Text, s_subwords, new bool[12], raw, new DetectionSettings(Rho: 0.05));
        var (byClause, _) = FlagDecision.Decide(Text, s_subwords, new bool[12], raw, new DetectionSettings(Rho: 0.05), LeafSpanUnits.Clause);

        Assert.Equal([new TokenSpan(10, 11)], byToken.Spans);
        Assert.Equal([new TokenSpan(8, 12)], byClause.Spans);
    }

    [Fact]
    public void Decide_ProtectNumbers_KeepsATeacherSalientNumberAndItsWord()
    {
        // The student over-relies on "1,000" (an operand the teacher also reads): without protection it is flagged.
        double[] teacher = [1.0, 0.1, 0.1, 0.1, 0.6, 0.6, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1];
        double[] student = [0.1, 0.1, 0.1, 0.1, 1.0, 1.0, 0.1, 0.1, 0.1, 0.1, 1.0, 0.1];
        var raw = new RawScores(teacher, student, CompareRaw: false);
        var settings = new DetectionSettings(DetectionSettings.Absolute, Tau: 0.2);

        var (plain, _) = FlagDecision.Decide(Text, s_subwords, new bool[12], raw, settings, LeafSpanUnits.Word);
        var (guarded, isProtected) = FlagDecision.Decide(Text, s_subwords, new bool[12], raw, settings, LeafSpanUnits.Word, protectNumbersAbove: 0.5);

        Assert.True(plain.Flagged[4] && plain.Flagged[5]);
        Assert.True(isProtected[4] && isProtected[5]);
        Assert.False(guarded.Flagged[4] || guarded.Flagged[5]);
        Assert.True(guarded.Flagged[10], "The distractor's number, which the teacher does not rank high, is still flagged.");
    }

    [Theory]
    [InlineData("12", true)]
    [InlineData(" 3.5", true)]
    [InlineData("1,000", true)]
    [InlineData("7.", true)]
    [InlineData(" pens", false)]
    [InlineData(".", false)]
    public void IsNumber_RecognisesNumbersWithSurroundingPunctuation(string token, bool expected) =>
        Assert.Equal(expected, AnswerProtection.IsNumber(token));

    [Fact]
    public void WordOffsets_OfTheWordTokenizer_AreTheirOwnWords()
    {
        var offsets = WordTokenizer.WordOffsets("Ann has 3 pens .");
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, SpanUnits.Of("Ann has 3 pens .", offsets, LeafSpanUnits.Word));
    }
}
