using System.Text.Json.Nodes;
using Workbench.Experiments;
using Workbench.Web.Forms;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Forms;

public sealed class ConfigDraftTests
{
    [Fact]
    public void From_EveryFieldConfig_ToConfigGivesItBack()
    {
        foreach (var config in FullConfigs.All)
            Assert.Equal(RunConfigJson.Serialize(config), RunConfigJson.Serialize(ConfigDraft.From(config).ToConfig()!));
    }

    [Fact]
    public void Set_PathIntoListAndSection_WritesThereAndRevalidates()
    {
        var draft = ConfigDraft.From(RunPresets.All.Single(p => p.Id == "leaf-instruction").Config);

        draft.Set("objectives[0].temperature", 4.0);
        draft.Set("checkpointEvery", 25);
        draft.Set("leaf.rho", 1.5);

        var config = draft.ToConfig()!;
        Assert.Equal(4.0, config.Objectives[0].Temperature);
        Assert.Equal(25, config.CheckpointEvery);
        Assert.Equal("ρ must be at least 0 and below 1.", draft.ErrorFor("leaf.rho"));
    }

    [Fact]
    public void Set_NullOnMissingField_LeavesItOut()
    {
        var draft = ConfigDraft.From(RunPresets.DemoDistill.Config);
        draft.Set<int?>("warmupSteps", null);
        Assert.False(draft.Json.ContainsKey("warmupSteps"));
        draft.Set<int?>("warmupSteps", 10);
        draft.Set<int?>("warmupSteps", null);
        Assert.Null(draft.ToConfig()!.WarmupSteps);
    }

    [Fact]
    public void KindChange_ToKindWithoutTheParameter_DropsIt()
    {
        var draft = ConfigDraft.From(FullConfigs.EveryField);
        var kind = ConfigFields.Find("objectives[2].kind")!;

        draft.Set("objectives[2].kind", ObjectiveKinds.ForwardKl + "x", kind.AfterSet);   // unknown kind: no parameter applies
        Assert.Null(draft.Node("objectives[2].beta"));
        draft.Set("objectives[4].kind", ObjectiveKinds.PlackettLuce, kind.AfterSet);     // top-k → ranks keeps topK, drops missingMass
        Assert.Equal(16, draft.Get<int?>("objectives[4].topK"));
        Assert.Null(draft.Node("objectives[4].missingMass"));
        Assert.Equal("0.2", draft.Node("objectives[3].skewAlpha")!.ToJsonString());   // other terms untouched
    }

    [Fact]
    public void ModelChoice_FolderAndCheckpoint_SetPathOrCheckpointAndReadBack()
    {
        var draft = ConfigDraft.From(RunPresets.DemoDistill.Config);

        draft.SetNode("teacher", ModelChoices.ToNode(ModelChoices.Folder("/models/teacher"), draft.Node("teacher")));
        draft.SetNode("student", ModelChoices.ToNode("demo-teacher", draft.Node("student")));

        var config = draft.ToConfig()!;
        Assert.Equal(new ModelRef { Path = "/models/teacher" }, config.Teacher);
        Assert.Equal(new ModelRef { Checkpoint = "demo-teacher" }, config.Student);
        Assert.Equal(ModelChoices.Folder("/models/teacher"), ModelChoices.Of(draft.Node("teacher")));
        Assert.Equal(ModelChoices.None, ModelChoices.Of(ModelChoices.ToNode(ModelChoices.None, null)));
        Assert.Equal(ModelChoices.Fresh, ModelChoices.Of(ModelChoices.ToNode(ModelChoices.Fresh, null)));
        Assert.Equal("run:12", ModelChoices.Of(JsonNode.Parse("""{"run": 12}""")));
        Assert.Equal("""{"run":12}""", ModelChoices.ToNode("run:12", null)!.ToJsonString());
    }

    [Fact]
    public void AppendAndRemoveAt_EvalSets_ListAppearsAndEmptiedListIsLeftOut()
    {
        var draft = ConfigDraft.From(RunPresets.DemoDistill.Config);
        draft.Append("evalSets", new Experiments.Evaluation.EvalSet("ood", null, "ood"));
        Assert.Equal("ood", draft.ToConfig()!.EvalSets!.Single().Split);

        draft.RemoveAt("evalSets", 0, dropWhenEmpty: true);

        Assert.False(draft.Json.ContainsKey("evalSets"));
    }

    [Fact]
    public void Uncovered_FieldsWithoutARow_AreNamedAndKept()
    {
        var json = JsonNode.Parse(RunConfigJson.Serialize(RunPresets.DemoDistill.Config))!.AsObject();
        json["futureKnob"] = new JsonObject { ["kind"] = "after", ["marker"] = "####" };
        json["teacher"]!["revision"] = "main";
        var draft = ConfigDraft.Parse(json.ToJsonString());

        draft.Set("steps", 10);

        Assert.Equal(["teacher.revision", "futureKnob"], ConfigDraftFields.Uncovered(draft.Json));
        Assert.Equal("####", draft.Json["futureKnob"]!["marker"]!.GetValue<string>());
        Assert.Equal("main", draft.Json["teacher"]!["revision"]!.GetValue<string>());
    }

    [Fact]
    public void ToConfig_WrongType_ErrorOnConfigNotThrow()
    {
        var draft = ConfigDraft.Parse("""{"steps": "many"}""");
        Assert.Null(draft.ToConfig());
        Assert.False(draft.Validate());
        Assert.NotNull(draft.ErrorFor("config"));
    }
}
