using Workbench.Experiments.Evaluation;

namespace Workbench.Experiments.Tests.Evaluation;

public sealed class AnswerNormalizerTests
{
    [Theory]
    [InlineData("1,000", "1000")]
    [InlineData("1000.0", "1000")]
    [InlineData("1000", "1000")]
    [InlineData(".5", "0.5")]
    [InlineData("0.50", "0.5")]
    [InlineData("-3", "-3")]
    [InlineData("-3.", "-3")]
    [InlineData("+3", "3")]
    [InlineData("-0", "0")]
    [InlineData("$1,234.50", "1234.5")]
    [InlineData(" 42 ", "42")]
    [InlineData("42!", "42")]
    [InlineData("Paris.", "paris")]
    [InlineData("  New   York  ", "new york")]
    [InlineData("1,00", "1,00")]
    [InlineData("12 apples", "12 apples")]
    [InlineData("", "")]
    public void Normalize_Answer_IsCanonical(string answer, string expected) =>
        Assert.Equal(expected, AnswerNormalizer.Normalize(answer));

    [Theory]
    [InlineData("1,000", "1000.0", true)]
    [InlineData("0.5", ".5", true)]
    [InlineData("YES", "yes.", true)]
    [InlineData("7", "8", false)]
    [InlineData("-3", "3", false)]
    [InlineData("10", "1,0", false)]
    public void AreEqual_Pairs_CompareNumbersAsNumbers(string a, string b, bool equal) =>
        Assert.Equal(equal, AnswerNormalizer.AreEqual(a, b));
}
