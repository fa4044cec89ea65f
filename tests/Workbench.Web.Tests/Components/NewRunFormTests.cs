using Workbench.Experiments;
using Workbench.Web.Components.Pages;

namespace Workbench.Web.Tests.Components;

public sealed class NewRunFormTests
{
    [Fact]
    public void FromToConfig_LeafPreset_KeepsLeafSettingsAndTheStudentCheckpoint()
    {
        var preset = RunPresets.All.Single(p => p.Id == "leaf-instruction").Config;
        var config = NewRunForm.From(preset).ToConfig();
        Assert.Equal(preset.Leaf, config.Leaf);
        Assert.Equal(Experiments.Leaf.LeafDemo.StudentName, config.Student.Checkpoint);
        Assert.Empty(RunConfigValidator.Validate(config));
    }

    [Fact]
    public void Validate_LeafRhoOutOfRange_ErrorNamesTheLeafField()
    {
        var form = NewRunForm.From(RunPresets.All.Single(p => p.Id == "leaf-instruction").Config);
        form.Leaf = form.Leaf! with { Rho = 1.5 };
        Assert.False(form.Validate());
        Assert.NotNull(form.ErrorFor("leaf.rho"));
    }

    [Fact]
    public void From_KindsWithParameters_RowsStartAtSpecDefaults()
    {
        var form = NewRunForm.From(RunPresets.DemoDistill.Config);
        Assert.Equal(0.5, Row(form, ObjectiveKinds.Jsd).Parameter);
        Assert.Equal(0.1, Row(form, ObjectiveKinds.SkewKl).Parameter);
        Assert.Equal(128, Row(form, ObjectiveKinds.TopKKl).Parameter);
        Assert.Null(Row(form, ObjectiveKinds.PlackettLuce).Parameter);     // all ranks
        Assert.Null(Row(form, ObjectiveKinds.ForwardKl).ParameterInfo);
    }

    [Fact]
    public void ToConfig_EnabledParameterRows_WriteTheirFields()
    {
        var config = RunPresets.DemoDistill.Config with
        {
            Objectives =
            [
                new ObjectiveTerm { Kind = ObjectiveKinds.Jsd, Beta = 0.9, Temperature = 2 },
                new ObjectiveTerm { Kind = ObjectiveKinds.SkewReverseKl, SkewAlpha = 0.2 },
                new ObjectiveTerm { Kind = ObjectiveKinds.TopKKl, TopK = 16, MissingMass = ObjectiveTerm.MissingMassSymmetricUniform },
                new ObjectiveTerm { Kind = ObjectiveKinds.PlackettLuce, TopK = 4 },
            ],
        };
        Assert.Equal(config.Objectives, NewRunForm.From(config).ToConfig().Objectives);
    }

    [Fact]
    public void Validate_SkewAlphaOne_ErrorForTheRowsField()
    {
        var form = NewRunForm.From(RunPresets.DemoDistill.Config);
        var row = Row(form, ObjectiveKinds.SkewKl);
        row.Enabled = true;
        row.Parameter = 1;
        Assert.False(form.Validate());
        Assert.Equal("Skew α must be at least 0 and below 1.", form.ErrorFor(row, "skewAlpha"));
    }

    [Fact]
    public void LayerMap_FeatureRow_WrittenTrimmedRoundTripsAndBadMapNamesTheField()
    {
        var form = NewRunForm.From(RunPresets.DemoDistill.Config);
        var row = Row(form, ObjectiveKinds.HiddenMse);
        row.Enabled = true;
        row.LayerMap = " 0:1,1:3 ";
        var term = form.ToConfig().Objectives.Single(t => t.Kind == ObjectiveKinds.HiddenMse);
        Assert.Equal("0:1,1:3", term.LayerMap);
        Assert.Equal("0:1,1:3", Row(NewRunForm.From(form.ToConfig()), ObjectiveKinds.HiddenMse).LayerMap);
        Assert.False(Row(form, ObjectiveKinds.ForwardKl).HasLayerMap);

        row.LayerMap = "first";
        Assert.False(form.Validate());
        Assert.StartsWith("Layer map must be", form.ErrorFor(row, "layerMap"));
    }

    [Fact]
    public void ToConfig_FolderChoices_SetPathAndNoCheckpoint_AndRoundTrip()
    {
        var form = NewRunForm.From(RunPresets.DemoDistill.Config);
        form.Teacher = NewRunForm.FolderChoice("/models/teacher");
        form.StudentStart = NewRunForm.FolderChoice("/models/student");

        var config = form.ToConfig();

        Assert.Equal(new ModelRef { Path = "/models/teacher" }, config.Teacher);
        Assert.Equal(("/models/student", null), (config.Student.Path, config.Student.Checkpoint));
        Assert.Contains("\"path\": \"/models/teacher\"", RunConfigJson.Serialize(config, indented: true));
        Assert.Empty(RunConfigValidator.Validate(config));
        var back = NewRunForm.From(config);
        Assert.Equal((form.Teacher, form.StudentStart), (back.Teacher, back.StudentStart));
    }

    [Fact]
    public void ToConfig_CheckpointChoice_StillNamesTheCheckpoint()
    {
        var form = NewRunForm.From(RunPresets.DemoDistill.Config);
        form.Teacher = "demo-teacher";
        Assert.Equal(new ModelRef { Checkpoint = "demo-teacher" }, form.ToConfig().Teacher);
    }

    private static NewRunForm.ObjectiveRow Row(NewRunForm form, string kind) => form.Objectives.Single(r => r.Kind == kind);
}
