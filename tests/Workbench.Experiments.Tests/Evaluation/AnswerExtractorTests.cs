using Workbench.Experiments.Evaluation;

namespace Workbench.Experiments.Tests.Evaluation;

public sealed class AnswerExtractorTests
{
    [Theory]
    [InlineData("The answer is 42.", "42")]
    [InlineData("3 + 4 = 7. The answer is 7", "7")]
    [InlineData("the answer is -3 apples", "-3")]
    [InlineData("She has 5 pens, buys 3. #### 8", "8")]
    [InlineData("#### 1,000", "1,000")]
    [InlineData("He pays 12 dollars and gets 4 back, so 8", "8")]
    [InlineData("8", "8")]
    [InlineData("  .5  ", ".5")]
    [InlineData("The answer is forty", "forty")]
    [InlineData("blue", "blue")]
    [InlineData("  Paris.  ", "Paris.")]
    [InlineData("", "")]
    [InlineData("step 1: 5-3 = 2", "2")]
    [InlineData("first 10 then The answer is 3 then 99", "3")]
    [InlineData("The answer is 1 . #### 2", "1")]
    public void Extract_Auto_TakesTheMarkedOrLastNumber(string text, string expected) =>
        Assert.Equal(expected, new AnswerExtractor().Extract(text));

    [Theory]
    [InlineData("The answer is 42, not 7", "7")]
    [InlineData("no digits here", "no digits here")]
    [InlineData("1,234.5 and then 6", "6")]
    public void Extract_LastNumber_IgnoresMarkers(string text, string expected) =>
        Assert.Equal(expected, new AnswerExtractor(AnswerRules.LastNumber).Extract(text));

    [Theory]
    [InlineData("Final: 12 then 13", "12")]
    [InlineData("Reasoning 4. final: Blue ", "Blue")]
    [InlineData("no marker 5", "no marker 5")]
    [InlineData("FINAL: 3 FINAL: 9", "9")]
    public void Extract_AfterMarker_TakesTheFirstNumberAfterTheLastMarker(string text, string expected) =>
        Assert.Equal(expected, new AnswerExtractor("after:final:").Extract(text));

    [Fact]
    public void Extract_Exact_KeepsTheTrimmedText() =>
        Assert.Equal("The answer is 4", new AnswerExtractor(AnswerRules.Exact).Extract("  The answer is 4 "));

    [Theory]
    [InlineData("median")]
    [InlineData("after:")]
    [InlineData("after:   ")]
    public void Constructor_InvalidRule_Throws(string rule) =>
        Assert.Throws<ArgumentException>(() => new AnswerExtractor(rule));

    [Fact]
    public void Numbers_SpanText_ListsEveryNumber() =>
        Assert.Equal(["7", "1,500", "-2", "0.25"], AnswerExtractor.Numbers("her 7 cats ate 1,500 grams, -2 days, 0.25 each.").ToArray());
}
