using Workbench.Experiments.Leaf;

namespace Workbench.Experiments.Tests.Validation;

public sealed class DataConfigValidatorTests
{
    private static readonly RunConfig s_valid = RunPresets.DemoDistill.Config;

    private static IReadOnlyList<string> FieldsOf(RunConfig config) => [.. RunConfigValidator.Validate(config).Select(e => e.Field)];

    [Theory]
    [InlineData(DataRegimes.Offline)]
    [InlineData(DataRegimes.SequenceKd)]
    [InlineData(DataRegimes.OnPolicy)]
    public void Validate_EachRegimeWithATeacher_IsValid(string regime) =>
        Assert.Empty(FieldsOf(s_valid with { Data = new DataConfig { Regime = regime } }));

    [Fact]
    public void Validate_NoDataSection_IsValid() => Assert.Empty(FieldsOf(s_valid with { Data = null }));

    public static TheoryData<DataConfig, string> Invalid => new()
    {
        { new DataConfig { Regime = "online" }, "data.regime" },
        { new DataConfig { Regime = null! }, "data.regime" },
        { new DataConfig { Regime = DataRegimes.OnPolicy, Lambda = 1.5 }, "data.lambda" },
        { new DataConfig { Regime = DataRegimes.OnPolicy, Lambda = double.NaN }, "data.lambda" },
        { new DataConfig { Regime = DataRegimes.OnPolicy, Temperature = -1 }, "data.temperature" },
        { new DataConfig { Regime = DataRegimes.OnPolicy, TopP = 0 }, "data.topP" },
        { new DataConfig { Regime = DataRegimes.OnPolicy, TopP = 1.01 }, "data.topP" },
        { new DataConfig { Regime = DataRegimes.OnPolicy, MaxNewTokens = 0 }, "data.maxNewTokens" },
        { new DataConfig { Regime = DataRegimes.SequenceKd, SamplesPerPrompt = 17 }, "data.samplesPerPrompt" },
        { new DataConfig { Regime = DataRegimes.SequenceKd, SamplesPerPrompt = 2, Temperature = 0 }, "data.samplesPerPrompt" },
        { new DataConfig { Regime = DataRegimes.Offline, TrainSamples = 0 }, "data.trainSamples" },
        { new DataConfig { Regime = DataRegimes.OnPolicy, TrainSamples = 1_000_001 }, "data.trainSamples" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_OutOfRange_NamesTheField(DataConfig data, string field) =>
        Assert.Equal([field], FieldsOf(s_valid with { Data = data }));

    [Fact]
    public void Validate_GeneratedDataWithoutATeacher_NamesTheRegime() =>
        Assert.Contains("data.regime", FieldsOf(s_valid with { Teacher = null, Objectives = [new ObjectiveTerm()], Data = new DataConfig { Regime = DataRegimes.OnPolicy } }));

    [Fact]
    public void Validate_OnPolicyWithLeaf_NamesTheRegime() =>
        Assert.Contains("data.regime", FieldsOf(s_valid with { Leaf = new LeafConfig(), Data = new DataConfig { Regime = DataRegimes.OnPolicy } }));
}
