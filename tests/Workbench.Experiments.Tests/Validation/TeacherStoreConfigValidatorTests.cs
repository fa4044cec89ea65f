namespace Workbench.Experiments.Tests.Validation;

public sealed class TeacherStoreConfigValidatorTests
{
    private static readonly RunConfig s_valid = RunPresets.DemoDistill.Config;

    private static IReadOnlyList<string> FieldsOf(RunConfig config) => [.. RunConfigValidator.Validate(config).Select(e => e.Field)];

    [Fact]
    public void Validate_EnabledWithATeacher_IsValid() => Assert.Empty(FieldsOf(s_valid with { TeacherStore = new TeacherStoreConfig() }));

    [Fact]
    public void Validate_DisabledWithBadValues_IsIgnored() =>
        Assert.Empty(FieldsOf(s_valid with { TeacherStore = new TeacherStoreConfig { Enabled = false, TopK = 0, Values = "int4" } }));

    public static TheoryData<TeacherStoreConfig, string> Invalid => new()
    {
        { new TeacherStoreConfig { TopK = 0 }, "teacherStore.topK" },
        { new TeacherStoreConfig { TopK = TeacherStoreConfig.MaxTopK + 1 }, "teacherStore.topK" },
        { new TeacherStoreConfig { Values = "int4" }, "teacherStore.values" },
        { new TeacherStoreConfig { Values = null! }, "teacherStore.values" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_OutOfRange_NamesTheField(TeacherStoreConfig store, string field) =>
        Assert.Equal([field], FieldsOf(s_valid with { TeacherStore = store }));

    [Fact]
    public void Validate_OnPolicyData_RefusedOnTheStore() =>
        Assert.Contains("teacherStore.enabled", FieldsOf(s_valid with { TeacherStore = new(), Data = new DataConfig { Regime = DataRegimes.OnPolicy } }));

    [Fact]
    public void Json_TeacherStoreSection_RoundTrips()
    {
        var config = RunConfigJson.Deserialize("""{"name":"s","teacher":{"run":1},"objectives":[{"kind":"forward_kl"}],"teacherStore":{"enabled":true,"topK":32}}""");
        Assert.Equal((true, 32, TeacherStoreConfig.ValuesFp16), (config.TeacherStore!.IsEnabled, config.TeacherStore.TopK, config.TeacherStore.Values));
        Assert.Contains("\"teacherStore\"", RunConfigJson.Serialize(config));
        Assert.DoesNotContain("teacherStore", RunConfigJson.Serialize(config with { TeacherStore = null }));
    }
}
