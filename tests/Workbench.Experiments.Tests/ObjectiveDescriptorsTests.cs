using System.Reflection;
using Workbench.Experiments;
using Workbench.Experiments.Leaf;

namespace Workbench.Experiments.Tests;

public sealed class ObjectiveDescriptorsTests
{
    [Fact]
    public void All_EveryKindConstant_HasExactlyOneDescriptor()
    {
        var constants = typeof(ObjectiveKinds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).Order();
        Assert.Equal(constants, ObjectiveDescriptors.All.Select(d => d.Name).Order());
        Assert.Equal(ObjectiveDescriptors.All.Count, ObjectiveDescriptors.All.Select(d => d.Name).Distinct().Count());
    }

    [Fact]
    public void All_Sources_CiteTheSpecsOrTheCrossTokenizerDoc() =>
        Assert.All(ObjectiveDescriptors.All, d => Assert.Matches(@"^(objectives\.md|objectives-cross-tokenizer\.md) §\d", d.Source));

    [Fact]
    public void WorksAcrossTokenizers_CrossEntropyAndAlignedKindsOnly() =>
        Assert.Equal([ObjectiveKinds.CrossEntropy, ObjectiveKinds.Uld, ObjectiveKinds.TokenAlignment],
                     ObjectiveDescriptors.All.Where(d => d.WorksAcrossTokenizers).Select(d => d.Name));

    [Theory]
    [InlineData(ObjectiveKinds.Jsd, "beta", "β must be between 0 and 1.")]
    [InlineData(ObjectiveKinds.ForwardKl, "beta", "Objective 'forward_kl' takes no beta.")]
    [InlineData(ObjectiveKinds.Uld, "topK", "Objective 'uld' takes no topK.")]
    [InlineData(ObjectiveKinds.TopKKl, "topK", "k must be at most 1,000,000.")]
    [InlineData(ObjectiveKinds.TopKKl, "missingMass", "Missing mass must be 'zero' or 'symmetric_uniform'.")]
    public void Validate_ParameterOutsideItsDescriptor_NamesTheField(string kind, string field, string message)
    {
        var term = new ObjectiveTerm { Kind = kind };
        term = field switch
        {
            "beta" => term with { Beta = 1.5 },
            "topK" => term with { TopK = 2_000_000 },
            _ => term with { MissingMass = "half" },
        };
        var config = new RunConfig { Teacher = new ModelRef { Checkpoint = "1" }, Objectives = [term] };
        Assert.Contains(RunConfigValidator.Validate(config), e => e.Field == $"objectives[0].{field}" && e.Message == message);
    }

    [Fact]
    public void Validate_AlignedKindWithAFeatureTerm_IsRefused()
    {
        var config = new RunConfig
        {
            Teacher = new ModelRef { Checkpoint = "1" },
            Objectives = [new() { Kind = ObjectiveKinds.Uld }, new() { Kind = ObjectiveKinds.HiddenMse }],
        };
        Assert.Contains(RunConfigValidator.Validate(config), e => e.Field == "objectives" && e.Message.Contains("uld", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_AlignedKindInALeafRun_IsRefused()
    {
        var config = new RunConfig
        {
            Teacher = new ModelRef { Checkpoint = "1" },
            Objectives = [new() { Kind = ObjectiveKinds.TokenAlignment }],
            Leaf = new LeafConfig(),
        };
        Assert.Contains(RunConfigValidator.Validate(config), e => e.Field == "objectives[0].kind");
    }

    [Fact]
    public void CrossTokenizerDemo_Presets_AreValidAndRoundTripUnchanged()
    {
        foreach (var preset in CrossTokenizerDemo.Presets("/srv/models"))
        {
            Assert.Empty(RunConfigValidator.Validate(preset.Config));
            var json = RunConfigJson.Serialize(preset.Config);
            Assert.Equal(json, RunConfigJson.Serialize(RunConfigJson.Deserialize(json)));
        }
    }

    [Fact]
    public void Deserialize_ConfigWrittenBeforeDescriptors_LoadsUnchanged()
    {
        const string stored = """{"name":"old","teacher":{"checkpoint":"3"},"objectives":[{"kind":"top_k_kl","weight":0.5,"temperature":2,"topK":16,"missingMass":"symmetric_uniform"},{"kind":"jsd","weight":1,"temperature":1,"beta":0.3},{"kind":"hidden_mse","weight":1,"temperature":1,"layerMap":"1:2"}]}""";
        var config = RunConfigJson.Deserialize(stored);
        Assert.Equal((16, "symmetric_uniform", 0.3, "1:2"), (config.Objectives[0].TopK, config.Objectives[0].MissingMass, config.Objectives[1].Beta, config.Objectives[2].LayerMap));
        Assert.DoesNotContain(RunConfigValidator.Validate(config), e => e.Field.StartsWith("objectives", StringComparison.Ordinal));
    }
}
