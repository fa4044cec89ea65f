using Workbench.Experiments;

namespace Workbench.Experiments.Tests;

public sealed class RunConfigJsonTests
{
    [Fact]
    public void Serialize_Config_UsesCamelCaseAndRoundTrips()
    {
        var json = RunConfigJson.Serialize(RunPresets.DemoDistill.Config);
        Assert.Contains("\"batchSize\":32", json);
        Assert.Contains("\"kind\":\"forward_kl\"", json);

        var back = RunConfigJson.Deserialize(json);
        Assert.Equal(RunPresets.DemoDistill.Config.Objectives, back.Objectives);
        Assert.Equal(RunPresets.DemoDistill.Config with { Objectives = back.Objectives }, back);
    }

    [Fact]
    public void Deserialize_MissingFields_TakeDefaults()
    {
        var config = RunConfigJson.Deserialize("""{"name":"x"}""");
        Assert.Equal(300, config.Steps);
        Assert.Equal(ObjectiveKinds.CrossEntropy, config.Objectives.Single().Kind);
    }
}
