using Workbench.Experiments.Leaf;
using Workbench.Experiments.Validation;

namespace Workbench.Experiments.Tests.Validation;

public sealed class PackingValidatorTests
{
    private static readonly RunConfig s_valid = RunPresets.DemoDistill.Config;
    private static readonly DataConfig s_packed = new() { Regime = DataRegimes.Offline, Packing = true };

    private static IReadOnlyList<ValidationError> ErrorsOf(RunConfig config) => RunConfigValidator.Validate(config);

    [Theory]
    [InlineData(DataRegimes.Offline)]
    [InlineData(DataRegimes.SequenceKd)]
    public void Validate_PackingOnOfflineOrSequenceKd_IsValid(string regime) =>
        Assert.Empty(ErrorsOf(s_valid with { Data = s_packed with { Regime = regime } }));

    [Fact]
    public void Validate_PackingWithLeaf_RefusedOnDataPacking() =>
        Assert.Contains(ErrorsOf(s_valid with { Data = s_packed, Leaf = new LeafConfig() }), e => e.Field == PackingValidator.Field && e.Message.Contains("LeaF"));

    [Fact]
    public void Validate_PackingOnPolicy_RefusedOnDataPacking() =>
        Assert.Contains(ErrorsOf(s_valid with { Data = s_packed with { Regime = DataRegimes.OnPolicy } }), e => e.Field == PackingValidator.Field);

    [Theory]
    [InlineData(ObjectiveKinds.Uld)]
    [InlineData(ObjectiveKinds.TokenAlignment)]
    public void Validate_PackingWithCrossTokenizerObjective_RefusedOnDataPacking(string kind) =>
        Assert.Contains(ErrorsOf(s_valid with { Data = s_packed, Objectives = [new ObjectiveTerm { Kind = kind }] }),
                        e => e.Field == PackingValidator.Field && e.Message.Contains("tokenizer"));

    [Fact]
    public void Json_DataPacking_RoundTrips()
    {
        var json = RunConfigJson.Serialize(s_valid with { Data = s_packed }, indented: true);
        Assert.Contains("\"packing\": true", json);
        Assert.True(RunConfigJson.Deserialize(json).Data!.Packing);
    }
}
