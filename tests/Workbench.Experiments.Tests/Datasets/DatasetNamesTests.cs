using Workbench.Experiments.Datasets;

namespace Workbench.Experiments.Tests.Datasets;

public sealed class DatasetNamesTests
{
    [Theory]
    [InlineData("gsm8k-mini")]
    [InlineData("My_Data.v2")]
    [InlineData("a")]
    public void Validate_GoodName_Accepted(string name) => Assert.Null(DatasetNames.Validate(name));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("../etc")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a..b")]
    [InlineData(".hidden")]
    [InlineData("-x")]
    [InlineData("with space")]
    [InlineData("arithmetic")]
    [InlineData("Arithmetic")]
    public void Validate_BadName_Refused(string? name) => Assert.NotNull(DatasetNames.Validate(name));

    [Fact]
    public void Validate_TooLong_Refused() => Assert.Contains("64", DatasetNames.Validate(new string('a', 65)));

    [Theory]
    [InlineData("data.jsonl")]
    [InlineData("my data (1).jsonl")]
    public void ValidateFileName_PlainName_Accepted(string name) => Assert.Null(DatasetNames.ValidateFileName(name));

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("..\\x.jsonl")]
    [InlineData("/abs.jsonl")]
    [InlineData("dir/x.jsonl")]
    [InlineData("x\n.jsonl")]
    [InlineData("")]
    public void ValidateFileName_PathOrControl_Refused(string name) => Assert.NotNull(DatasetNames.ValidateFileName(name));
}
