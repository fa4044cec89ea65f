using Workbench.Experiments.Validation;

namespace Workbench.Experiments.Tests.Validation;

/// <summary>The submission rules for configs that cannot run: nulls, unprintable names, absurd numbers, missing layers, shape-only teachers.</summary>
public sealed class ConfigRulesTests
{
    private static readonly RunConfig s_valid = RunPresets.DemoDistill.Config;

    private static IReadOnlyList<string> FieldsOf(RunConfig config) => RunConfigValidator.Validate(config).Select(e => e.Field).ToList();

    public static TheoryData<string, RunConfig> Invalid => new()
    {
        { "student", s_valid with { Student = null! } },
        { "objectives[0]", s_valid with { Objectives = [null!] } },
        { "objectives[1].kind", s_valid with { Objectives = [new(), new() { Kind = null! }] } },
        { "dataset", s_valid with { Dataset = null! } },
        { "device", s_valid with { Device = null! } },
        { "evalSets[0]", s_valid with { EvalSets = [null!] } },
        { "name", s_valid with { Name = "a\0b" } },
        { "name", s_valid with { Name = "\u001b[31mred" } },
        { "name", s_valid with { Name = "file\u202Etxt.exe" } },
        { "name", s_valid with { Name = "\u2067isolate" } },
        { "name", s_valid with { Name = "\ud800" } },
        { "objectives[1].weight", s_valid with { Objectives = [s_valid.Objectives[0], s_valid.Objectives[1] with { Weight = 1e308 }] } },
        { "objectives[0].topK", s_valid with { Objectives = [new() { Kind = ObjectiveKinds.TopKKl, TopK = int.MaxValue }] } },
        { "objectives[0].relationHeads", s_valid with { Objectives = [new() { Kind = ObjectiveKinds.ValueRelation, RelationHeads = 4096 }] } },
        { "objectives[0].layerMap", s_valid with { Objectives = [new() { Kind = ObjectiveKinds.HiddenMse, LayerMap = "0:999999" }] } },
        { "objectives[0].layerMap", s_valid with { Objectives = [new() { Kind = ObjectiveKinds.HiddenMse, LayerMap = "3:1" }] } },   // the student has 2 layers
        { "teacher", s_valid with { Teacher = new ModelRef { Layers = 4, Width = 128, Heads = 4 } } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_ConfigThatCannotRun_NamesTheField(string field, RunConfig config) => Assert.Contains(field, FieldsOf(config));

    [Fact]
    public void Validate_AtTheBounds_IsValid()
    {
        var config = s_valid with
        {
            Name = "ünïcödé 名前 👍 run",
            Objectives = [new() { Kind = ObjectiveKinds.TopKKl, TopK = ObjectiveParameter.MaxTopK, Weight = ObjectiveBoundsValidator.MaxWeight }],
        };
        Assert.Empty(RunConfigValidator.Validate(config));
        Assert.Empty(RunConfigValidator.Validate(s_valid with { Objectives = [new() { Kind = ObjectiveKinds.HiddenMse, LayerMap = "2:1000" }] }));
    }

    [Theory]
    [InlineData("plain text", false, null)]
    [InlineData("line\nbreak", true, null)]
    [InlineData("line\nbreak", false, "control")]
    [InlineData("\u001b[2J", true, "control")]
    [InlineData("a\u202Db", false, "bidirectional")]
    [InlineData("pair \ud83d\ude00", false, null)]
    [InlineData("lone {LS}", false, "surrogate")]   // {LS}: a lone low surrogate (xunit cannot carry one in an attribute)
    public void DisplayText_Problem_RefusesControlBidiAndLoneSurrogates(string text, bool allowLineBreaks, string? expected)
    {
        var problem = DisplayText.Problem(text.Replace("{LS}", ((char)0xDC00).ToString(), StringComparison.Ordinal), allowLineBreaks);
        if (expected is null) Assert.Null(problem);
        else Assert.Contains(expected, problem);
    }
}
