using System.Text.Json.Nodes;
using Workbench.Experiments.Sweeps;

namespace Workbench.Experiments.Tests.Sweeps;

public sealed class ConfigPathTests
{
    private static JsonNode Tree() => JsonNode.Parse("""{"learningRate":0.001,"leaf":{"rho":0.1},"objectives":[{"kind":"forward_kl","temperature":1}]}""")!;

    [Theory]
    [InlineData("learningRate", "0.001")]
    [InlineData("leaf.rho", "0.1")]
    [InlineData("objectives[0].temperature", "1")]
    [InlineData("objectives[0]", """{"kind":"forward_kl","temperature":1}""")]
    public void Get_ExistingPath_ReturnsTheNode(string path, string expected) =>
        Assert.Equal(expected, ConfigPath.TryParse(path, out _)!.Get(Tree())!.ToJsonString());

    [Theory]
    [InlineData("")]
    [InlineData("leaf..rho")]
    [InlineData("leaf.")]
    [InlineData(".leaf")]
    [InlineData("objectives[x].kind")]
    [InlineData("objectives[0")]
    [InlineData("leaf.r ho")]
    public void TryParse_Malformed_SaysWhy(string path)
    {
        Assert.Null(ConfigPath.TryParse(path, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void TrySet_NestedAndIndexed_ChangesOnlyThatValue()
    {
        var tree = Tree();
        Assert.True(ConfigPath.TryParse("objectives[0].temperature", out _)!.TrySet(tree, 2, out _));
        Assert.True(ConfigPath.TryParse("leaf.mask", out _)!.TrySet(tree, "none", out _));   // an absent last property is allowed
        Assert.Equal("""{"learningRate":0.001,"leaf":{"rho":0.1,"mask":"none"},"objectives":[{"kind":"forward_kl","temperature":2}]}""", tree.ToJsonString());
    }

    [Theory]
    [InlineData("objectives[3].temperature")]
    [InlineData("teacher.checkpoint")]
    [InlineData("learningRate.value")]
    [InlineData("objectives[1]")]
    public void TrySet_ContainerMissing_Refuses(string path)
    {
        var tree = Tree();
        Assert.False(ConfigPath.TryParse(path, out _)!.TrySet(tree, 1, out var error));
        Assert.Contains(path, error);
        Assert.Equal(Tree().ToJsonString(), tree.ToJsonString());
    }
}
