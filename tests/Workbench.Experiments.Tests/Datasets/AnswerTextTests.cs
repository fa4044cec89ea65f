using Workbench.Experiments.Datasets;

namespace Workbench.Experiments.Tests.Datasets;

public sealed class AnswerTextTests
{
    [Theory]
    [InlineData("0", "0")]
    [InlineData("-0", "0")]
    [InlineData("-0.0e5", "0")]
    [InlineData("0.000", "0")]
    [InlineData("42", "42")]
    [InlineData("100", "100")]
    [InlineData("-7", "-7")]
    [InlineData("3.50", "3.5")]
    [InlineData("1.0", "1")]
    [InlineData("0.1", "0.1")]
    [InlineData("-0.25", "-0.25")]
    [InlineData("1e3", "1000")]
    [InlineData("1E+3", "1000")]
    [InlineData("12.5E+1", "125")]
    [InlineData("2.000e2", "200")]
    [InlineData("2.5e-3", "0.0025")]
    [InlineData("-1E-3", "-0.001")]
    [InlineData("12345678901234567890123", "12345678901234567890123")]
    [InlineData("0.30000000000000000000000000001", "0.30000000000000000000000000001")]
    [InlineData("1.50E+300", "1.5e300")]
    [InlineData("-4e-60", "-4e-60")]
    public void CanonicalNumber_JsonNumber_ExactPlainText(string json, string expected) =>
        Assert.Equal(expected, AnswerText.CanonicalNumber(json));

    [Fact]
    public void CanonicalNumber_LongestPlainForm_StaysPlainOneMoreDigitGoesScientific()
    {
        Assert.Equal("1" + new string('0', AnswerText.MaxPlainLength - 1), AnswerText.CanonicalNumber($"1e{AnswerText.MaxPlainLength - 1}"));
        Assert.Equal($"1e{AnswerText.MaxPlainLength}", AnswerText.CanonicalNumber($"1e{AnswerText.MaxPlainLength}"));
    }
}
