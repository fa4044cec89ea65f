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
    public void Serialize_UnsetObjectiveParameters_AreLeftOut()
    {
        var json = RunConfigJson.Serialize(RunPresets.DemoDistill.Config);
        Assert.DoesNotContain("beta", json);
        Assert.DoesNotContain("topK", json);
    }

    [Fact]
    public void Serialize_ObjectiveParameters_UseCamelCaseAndRoundTrip()
    {
        var config = RunPresets.DemoDistill.Config with
        {
            Objectives =
            [
                new ObjectiveTerm { Kind = ObjectiveKinds.Jsd, Beta = 0.9 },
                new ObjectiveTerm { Kind = ObjectiveKinds.SkewKl, SkewAlpha = 0.2 },
                new ObjectiveTerm { Kind = ObjectiveKinds.TopKKl, TopK = 32, MissingMass = ObjectiveTerm.MissingMassSymmetricUniform },
            ],
        };
        var json = RunConfigJson.Serialize(config);
        Assert.Contains("\"beta\":0.9", json);
        Assert.Contains("\"skewAlpha\":0.2", json);
        Assert.Contains("\"topK\":32,\"missingMass\":\"symmetric_uniform\"", json);

        Assert.Equal(config.Objectives, RunConfigJson.Deserialize(json).Objectives);
    }

    [Fact]
    public void Deserialize_ObjectiveWithoutParameters_LeavesThemNull()
    {
        var term = RunConfigJson.Deserialize("""{"objectives":[{"kind":"jsd"}]}""").Objectives.Single();
        Assert.Equal((ObjectiveKinds.Jsd, null, null), (term.Kind, term.Beta, term.TopK));
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

    [Fact]
    public void Serialize_FolderModels_WritesOnlyThePathAndRoundTrips()
    {
        var config = HuggingFaceDemo.Presets("/srv/models")[1].Config;
        var json = RunConfigJson.Serialize(config);
        Assert.Contains("\"student\":{\"checkpoint\":null,\"path\":\"/srv/models/demo-qwen2-student\"}", json);
        Assert.Equal(config.Student, RunConfigJson.Deserialize(json).Student);
    }
}
