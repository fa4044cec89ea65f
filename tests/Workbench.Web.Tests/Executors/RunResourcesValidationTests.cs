using Workbench.Experiments;
using Workbench.Experiments.Resources;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Executors;

public sealed class RunResourcesValidationTests
{
    [Theory]
    [InlineData(0, null, null, null, null, "resources.cpus")]
    [InlineData(null, 10L, null, null, null, "resources.memoryMb")]
    [InlineData(null, null, -1, null, null, "resources.gpus")]
    [InlineData(null, null, null, 0, null, "resources.timeMinutes")]
    [InlineData(null, null, null, null, "gpu;rm -rf", "resources.partition")]
    [InlineData(null, null, null, null, "", "resources.partition")]
    public void BadResources_NamedByField(int? cpus, long? memoryMb, int? gpus, int? minutes, string? partition, string field)
    {
        var config = TinyConfigs.Teacher() with { Resources = new RunResources { Cpus = cpus, MemoryMb = memoryMb, Gpus = gpus, TimeMinutes = minutes, Partition = partition } };
        Assert.Equal([field], RunConfigValidator.Validate(config).Select(e => e.Field));
    }

    [Fact]
    public void Resources_RoundTripThroughTheConfigJson()
    {
        var config = TinyConfigs.Teacher() with { Resources = new RunResources { Cpus = 4, MemoryMb = 8000, Gpus = 1, TimeMinutes = 60, Partition = "gpu" } };
        Assert.Empty(RunConfigValidator.Validate(config));
        Assert.Equal(config.Resources, RunConfigJson.Deserialize(RunConfigJson.Serialize(config)).Resources);
        Assert.DoesNotContain("resources", RunConfigJson.Serialize(TinyConfigs.Teacher()));
    }
}
