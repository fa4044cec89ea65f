using Workbench.Web.Tracking;

namespace Workbench.Web.Tests.Tracking;

public sealed class CsvFormulaGuardTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")")]
    [InlineData("+cmd", "'+cmd")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "'\r=1")]
    [InlineData("-0.5", "-0.5")]
    [InlineData("-1E-05", "-1E-05")]
    [InlineData("run-1", "run-1")]
    [InlineData("", "")]
    public void Neutralize_FormulaText_GetsApostrophe_NumbersStay(string cell, string expected) =>
        Assert.Equal(expected, CsvFormulaGuard.Neutralize(cell));
}
