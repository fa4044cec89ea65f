using System.Text.Json;
using Workbench.Experiments;
using Workbench.Web.Components.Pages;

namespace Workbench.Web.Tests.Components;

public sealed class SweepDraftTests
{
    [Theory]
    [InlineData("0.05", JsonValueKind.Number, "0.05")]
    [InlineData(" 2 ", JsonValueKind.Number, "2")]
    [InlineData("true", JsonValueKind.True, "true")]
    [InlineData("none", JsonValueKind.String, "\"none\"")]
    [InlineData("\"1\"", JsonValueKind.String, "\"1\"")]
    [InlineData("1e-3", JsonValueKind.Number, "1e-3")]
    public void ParseValue_TypedText_BecomesJson(string text, JsonValueKind kind, string json)
    {
        var value = SweepDraft.ParseValue(text);
        Assert.Equal((kind, json), (value.ValueKind, value.GetRawText()));
    }

    [Fact]
    public void ToSpec_ClonedRun_AxesSeedsAndBaseline()
    {
        var draft = SweepDraft.From(RunPresets.DemoDistill.Config);
        draft.Axes[0].Path = "objectives[1].temperature";
        draft.Axes[0].Values = "1, 2, 4";
        draft.Axes.Add(new SweepDraft.AxisDraft());   // an empty row is ignored
        draft.Seeds = "3, 4";
        draft.Baseline = "objectives[1].temperature=2";

        var (spec, errors) = draft.ToSpec();

        Assert.Empty(errors);
        Assert.Equal(RunConfigJson.Serialize(RunPresets.DemoDistill.Config), RunConfigJson.Serialize(spec!.Base!));
        Assert.Equal([3, 4], spec.Seeds!);
        var axis = Assert.Single(spec.Axes!);
        Assert.Equal(["1", "2", "4"], axis.Values!.Select(v => v.GetRawText()));
        Assert.Equal(2, spec.Baseline!["objectives[1].temperature"].GetInt32());
        Assert.StartsWith(RunPresets.DemoDistill.Config.Name, spec.Name);
    }

    [Fact]
    public void ToSpec_BadJsonAndSeeds_AreNamed()
    {
        var draft = new SweepDraft { BaseJson = "{ nope", Seeds = "1, two" };
        var (spec, errors) = draft.ToSpec();
        Assert.Null(spec);
        Assert.Equal(["base", "seeds"], errors.Select(e => e.Field));
    }
}
