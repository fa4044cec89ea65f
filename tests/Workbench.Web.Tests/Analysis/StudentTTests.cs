using Workbench.Web.Analysis;

namespace Workbench.Web.Tests.Analysis;

public sealed class StudentTTests
{
    // Two-sided 95 % critical values from printed t tables.
    [Theory]
    [InlineData(1, 12.706)]
    [InlineData(2, 4.303)]
    [InlineData(4, 2.776)]
    [InlineData(9, 2.262)]
    [InlineData(29, 2.045)]
    [InlineData(1000, 1.962)]
    public void Critical_95Percent_MatchesTable(int df, double expected) =>
        Assert.Equal(expected, StudentT.Critical(0.95, df), 3);

    [Fact]
    public void Quantile_Symmetric_AndInvertsCdf()
    {
        Assert.Equal(-StudentT.Quantile(0.975, 5), StudentT.Quantile(0.025, 5), 12);
        Assert.Equal(0.9, StudentT.Cdf(StudentT.Quantile(0.9, 3), 3), 10);
        Assert.Equal(0.5, StudentT.Cdf(0, 7), 12);
        Assert.Equal(1.0, StudentT.Quantile(0.75, 1), 9);           // Cauchy: tan(π/4)
    }

    [Theory]
    [InlineData(0.0, 1)]
    [InlineData(1.0, 1)]
    [InlineData(0.5, 0)]
    public void Quantile_OutOfRange_Throws(double p, int df) =>
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => StudentT.Quantile(p, df));
}
