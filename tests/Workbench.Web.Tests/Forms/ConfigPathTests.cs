using Workbench.Web.Forms;

namespace Workbench.Web.Tests.Forms;

public sealed class ConfigPathTests
{
    [Theory]
    [InlineData("checkpointEvery", "field-checkpoint-every")]
    [InlineData("objectives[1].temperature", "field-objectives-1-temperature")]
    [InlineData("leaf.rho", "field-leaf-rho")]
    [InlineData("evalSets[0].samples", "field-eval-sets-0-samples")]
    [InlineData("teacher", "field-teacher")]
    public void ElementId_Path_IsStableKebabId(string path, string id) => Assert.Equal(id, ConfigPath.ElementId(path));

    [Fact]
    public void PatternAndAt_IndexedPath_RoundTrip()
    {
        Assert.Equal("objectives[].topK", ConfigPath.Pattern("objectives[12].topK"));
        Assert.Equal("objectives[12].topK", ConfigPath.At("objectives[].topK", 12));
        Assert.Equal("objectives[3]", ConfigPath.Owner("objectives[3].weight"));
        Assert.Equal("", ConfigPath.Owner("steps"));
    }
}
