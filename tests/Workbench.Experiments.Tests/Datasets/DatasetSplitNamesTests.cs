using Workbench.Experiments.Datasets;

namespace Workbench.Experiments.Tests.Datasets;

public sealed class DatasetSplitNamesTests
{
    [Theory]
    [InlineData("train", "train")]
    [InlineData("eval", "eval")]
    [InlineData("test", "test")]
    [InlineData("ood", "ood")]
    [InlineData("OOD", "ood")]
    [InlineData("heldout-2", "heldout-2")]
    [InlineData("iid_v1", "iid_v1")]
    [InlineData("0123456789012345678901234567890123456789", "0123456789012345678901234567890123456789")]
    public void Normalize_ValidName_LowerCased(string text, string expected)
    {
        Assert.Equal(expected, DatasetSplitNames.Normalize(text, out var error));
        Assert.Null(error);
        Assert.True(DatasetSplitNames.IsValid(expected));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ood")]
    [InlineData("held out")]
    [InlineData("ood.v2")]
    [InlineData("../train")]
    [InlineData("é")]
    [InlineData("01234567890123456789012345678901234567890")]   // 41 characters
    public void Normalize_InvalidName_NullWithReason(string? text)
    {
        Assert.Null(DatasetSplitNames.Normalize(text, out var error));
        Assert.False(string.IsNullOrEmpty(error));
        Assert.False(DatasetSplitNames.IsValid(text));
    }

    [Fact]
    public void Ordered_UsualThreeFirstThenOthersInOrder() =>
        Assert.Equal(["train", "eval", "test", "ood", "iid"], DatasetSplitNames.Ordered(["ood", "test", "train", "iid", "eval", "ood"]));
}
