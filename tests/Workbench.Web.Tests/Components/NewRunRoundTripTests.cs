using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Experiments;
using Workbench.Storage;
using Workbench.Web.Components.Pages;
using Workbench.Web.Forms;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Components;

/// <summary>Configs loaded into the New run form come back out of its draft unchanged, and every field is on the page.</summary>
public sealed class NewRunRoundTripTests : WorkbenchComponentContext
{
    public static TheoryData<string> PresetIds => [.. RunPresets.All.Select(p => p.Id), .. HuggingFaceDemo.Presets("/models").Select(p => p.Id)];

    [Theory]
    [MemberData(nameof(PresetIds))]
    public void Preset_LoadedIntoTheForm_DraftEqualsThePreset(string presetId)
    {
        var preset = Services.GetRequiredService<Web.ModelFolders.PresetCatalog>().All.Single(p => p.Id == presetId);

        var page = RenderNewRun($"?preset={presetId}");

        AssertSameJson(RunConfigJson.Serialize(preset.Config), page.Find("#config-preview").TextContent);
        AssertEveryFieldShown(page, preset.Config);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task EveryFieldConfig_ClonedIntoTheForm_DraftEqualsItAndEveryFieldIsShown(int which)
    {
        var config = FullConfigs.All[which];
        var run = await Store.CreateAsync(config);

        var page = RenderNewRun($"?from={run.Id}");

        var expected = config with { Name = config.Name + "-clone" };
        AssertSameJson(RunConfigJson.Serialize(expected), page.Find("#config-preview").TextContent);
        Assert.Equal(RunConfigJson.Serialize(expected), RunConfigJson.Serialize(RunConfigJson.Deserialize(page.Find("#config-preview").TextContent)));
        AssertEveryFieldShown(page, expected);
        Assert.Empty(page.FindAll("#other-fields"));
    }

    [Fact]
    public async Task Clone_StoredConfigWithFieldsTheFormDoesNotKnow_KeepsAndNamesThem()
    {
        var run = await Store.CreateAsync(RunPresets.DemoDistill.Config);
        var json = JsonNode.Parse(run.ConfigJson)!.AsObject();
        json["futureKnob"] = new JsonObject { ["kind"] = "after", ["marker"] = "The answer is" };
        json["teacher"]!["revision"] = "main";
        await using (var db = await Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync())
            await db.Runs.Where(r => r.Id == run.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.ConfigJson, json.ToJsonString()));

        var page = RenderNewRun($"?from={run.Id}");
        page.Find("#field-steps").Input("77");

        page.WaitForAssertion(() =>
        {
            var draft = JsonNode.Parse(page.Find("#config-preview").TextContent)!.AsObject();
            Assert.Equal(77, draft["steps"]!.GetValue<int>());
            Assert.Equal("The answer is", draft["futureKnob"]!["marker"]!.GetValue<string>());
            Assert.Equal("main", draft["teacher"]!["revision"]!.GetValue<string>());
            Assert.Contains("teacher.revision, futureKnob", page.Find("#other-fields").TextContent);
        });
    }

    [Fact]
    public void Clone_RunThatDoesNotExist_SaysSoAndStartsFromTheDemoPreset()
    {
        var page = RenderNewRun("?from=999");

        Assert.Contains("Run #999 does not exist", page.Find("#draft-source").TextContent);
        AssertSameJson(RunConfigJson.Serialize(RunPresets.DemoDistill.Config), page.Find("#config-preview").TextContent);
    }

    private IRenderedComponent<NewRun> RenderNewRun(string query)
    {
        Render<MudBlazor.MudPopoverProvider>();
        Services.GetRequiredService<NavigationManager>().NavigateTo("runs/new" + query);
        var page = Render<NewRun>();
        page.WaitForAssertion(() => page.Find("#config-preview"));
        return page;
    }

    private static void AssertSameJson(string expected, string actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"expected\n{expected}\nactual\n{actual}");

    // Every value of the config whose row applies has an element with the path's id showing that value.
    private static void AssertEveryFieldShown(IRenderedComponent<NewRun> page, RunConfig config)
    {
        var json = JsonSerializer.SerializeToNode(config, RunConfigJson.Options)!.AsObject();
        var draft = ConfigDraft.From(config);
        var shown = 0;
        foreach (var path in ConfigDraftFields.Leaves(json))
        {
            var row = ConfigFields.Find(path);
            if (row is null)
            {
                Assert.True(ConfigFields.Covers(ConfigPath.Pattern(path)), $"no form row for {path}");
                continue;   // a model's checkpoint or path: its select, below
            }
            if (!row.Applies(draft.Owner(path))) continue;
            var value = draft.Node(path);
            if (value is null && row.Kind is not (ConfigFieldKind.OptionalChoice or ConfigFieldKind.OptionalInteger or ConfigFieldKind.OptionalNumber or ConfigFieldKind.OptionalText)) continue;
            var input = page.Find("#" + ConfigPath.ElementId(path));
            var text = input.GetAttribute("value") ?? "";
            if (value is null) Assert.True(text.Length == 0, $"{path}: expected empty, shows '{text}'");
            else if (value.GetValueKind() == JsonValueKind.Number)
                Assert.True(double.Parse(text, CultureInfo.InvariantCulture) == value.GetValue<double>(), $"{path}: {value} shown as '{text}'");
            else if (value.GetValueKind() is JsonValueKind.True or JsonValueKind.False)   // a switch: its checkbox's state
                Assert.Equal(value.GetValue<bool>(), input is AngleSharp.Html.Dom.IHtmlInputElement { IsChecked: true });
            else Assert.Equal(value.GetValue<string>(), text);
            shown++;
        }
        foreach (var model in new[] { "teacher", "student" })
            Assert.Equal(ModelChoices.Of(json[model]) is var c && c.Length > 0 ? c : "", page.Find("#" + ConfigPath.ElementId(model)).GetAttribute("value") ?? "");
        Assert.True(shown > 10, $"only {shown} fields checked");
    }
}
