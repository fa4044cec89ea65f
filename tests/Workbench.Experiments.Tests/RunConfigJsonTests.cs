using Workbench.Experiments;

namespace Workbench.Experiments.Tests;

public sealed class RunConfigJsonTests
{
    [Fact]
    public void Serialize_Config_UsesCamelCaseAndRoundTrips()
    {
        var json = RunConfigJson.Serialize(RunPresets.DemoDistill.Config with { BatchSize = 24 });
        Assert.Contains("\"batchSize\":24", json);
        Assert.Contains("\"kind\":\"forward_kl\"", json);

        var back = RunConfigJson.Deserialize(json);
        Assert.Equal(RunPresets.DemoDistill.Config.Objectives, back.Objectives);
        Assert.Equal(RunPresets.DemoDistill.Config with { BatchSize = 24, Objectives = back.Objectives }, back);
    }

    [Fact]
    public void Deserialize_MissingFields_TakeDefaults()
    {
        var config = RunConfigJson.Deserialize("""{"name":"x"}""");
        Assert.Equal(new RunConfig().Steps, config.Steps);
        Assert.Equal(ObjectiveKinds.CrossEntropy, config.Objectives.Single().Kind);
    }

    [Fact]
    public void Serialize_CheckpointTeacher_OmitsTheUnusedShape()
    {
        var json = RunConfigJson.Serialize(RunPresets.DemoDistill.Config);
        Assert.Contains("\"teacher\":{\"checkpoint\":\"demo-teacher\"}", json);
        Assert.Contains("\"student\":{\"checkpoint\":null,\"layers\":2", json);
    }
}
