using Workbench.Experiments.Evaluation;

namespace Workbench.Experiments.Tests.Evaluation;

public sealed class AnswerScorerTests
{
    private const string Prompt = "ann has 3 pens . her dog is 1,200 days old . she buys 5 more . how many pens ?";
    private static readonly CharSpan[] s_spans = [new(16, 44)];   // "her dog is 1,200 days old ."
    private readonly AnswerScorer _scorer = new(new AnswerExtractor());

    [Fact]
    public void Score_RightAnswerInWords_IsCorrectNotCopied() =>
        Assert.Equal(new AnswerScore("8", true, false), _scorer.Score("3 + 5 = 8 . The answer is 8 .", "8", Prompt, s_spans));

    [Fact]
    public void Score_SpanNumberWrittenDifferently_IsACopy() =>
        Assert.Equal(new AnswerScore("1200.0", false, true), _scorer.Score("#### 1200.0", "8", Prompt, s_spans));

    [Fact]
    public void Score_NumberOutsideTheSpan_IsNotACopy() =>
        Assert.False(_scorer.Score("3", "8", Prompt, s_spans).CopiedConfounder);

    [Fact]
    public void Score_NoSpans_NeverACopy() =>
        Assert.False(_scorer.Score("1200", "8", Prompt, null).CopiedConfounder);

    [Fact]
    public void Gold_WithoutAnswer_ExtractsItFromTheCompletion()
    {
        Assert.Equal("1,000", _scorer.Gold(null, "He has 600 and 400 . #### 1,000"));
        Assert.Equal("seven", _scorer.Gold("seven", "#### 7"));
    }
}
