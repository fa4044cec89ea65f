using Workbench.Experiments.Evaluation;

namespace Workbench.Experiments.Tests.Evaluation;

public sealed class EvalSetsValidatorTests
{
    private static readonly RunConfig s_valid = RunPresets.DemoDistill.Config;

    private static IReadOnlyList<string> FieldsOf(RunConfig config) => RunConfigValidator.Validate(config).Select(e => e.Field).ToList();

    [Fact]
    public void Validate_GoodSets_NoErrors() =>
        Assert.Empty(FieldsOf(s_valid with
        {
            EvalSets = [new("ood", null, "ood"), new("gsm-ic_2", "imported:gsm-ic", "test", 5000), new("clean", BuiltInDatasets.DistractorClean, "eval", 1)],
            AnswerRule = "after:####",
        }));

    [Theory]
    [InlineData("", "ood", null, "evalSets[0].name")]
    [InlineData("has space", "ood", null, "evalSets[0].name")]
    [InlineData("ood", "", null, "evalSets[0].split")]
    [InlineData("ood", " ", null, "evalSets[0].split")]
    [InlineData("ood", "ood", 0, "evalSets[0].samples")]
    [InlineData("ood", "ood", 5001, "evalSets[0].samples")]
    public void Validate_BadField_NamesIt(string name, string split, int? samples, string field) =>
        Assert.Equal([field], FieldsOf(s_valid with { EvalSets = [new(name, null, split, samples)] }));

    [Fact]
    public void Validate_FortyOneCharacterName_NamesIt() =>
        Assert.Equal(["evalSets[0].name"], FieldsOf(s_valid with { EvalSets = [new(new string('a', 41), null, "ood")] }));

    [Fact]
    public void Validate_DuplicateName_NamesTheSecond() =>
        Assert.Equal(["evalSets[1].name"], FieldsOf(s_valid with { EvalSets = [new("ood", null, "ood"), new("ood", null, "test")] }));

    [Theory]
    [InlineData("no-such-builtin")]
    [InlineData("imported:bad name!")]
    public void Validate_UnknownDataset_NamesIt(string dataset) =>
        Assert.Equal(["evalSets[0].dataset"], FieldsOf(s_valid with { EvalSets = [new("x", dataset, "ood")] }));

    [Theory]
    [InlineData("median")]
    [InlineData("after:")]
    public void Validate_BadAnswerRule_NamesIt(string rule) =>
        Assert.Equal(["answerRule"], FieldsOf(s_valid with { AnswerRule = rule }));

    [Fact]
    public void Json_EvalSetsAndRule_RoundTrip()
    {
        var config = s_valid with { EvalSets = [new("ood", "imported:gsm", "ood", 50)], AnswerRule = AnswerRules.LastNumber };
        var json = RunConfigJson.Serialize(config);
        Assert.Contains("\"evalSets\":[{\"name\":\"ood\",\"dataset\":\"imported:gsm\",\"split\":\"ood\",\"samples\":50}]", json);
        var back = RunConfigJson.Deserialize(json);
        Assert.Equal(config.EvalSets, back.EvalSets);
        Assert.Equal(AnswerRules.LastNumber, back.AnswerRule);
    }
}
