using Workbench.Experiments;

namespace Workbench.Experiments.Tests;

public sealed class RunConfigValidatorTests
{
    private static readonly RunConfig s_valid = RunPresets.DemoDistill.Config;

    private static IReadOnlyList<string> FieldsOf(RunConfig config) =>
        RunConfigValidator.Validate(config).Select(e => e.Field).ToList();

    [Fact]
    public void Validate_Presets_HaveNoErrors()
    {
        foreach (var preset in RunPresets.All.Concat(HuggingFaceDemo.Presets("/srv/workbench/models")))
            Assert.Empty(RunConfigValidator.Validate(preset.Config));
    }

    [Theory]
    [InlineData("models/llama", "teacher.path")]
    [InlineData("/srv/models/../../etc", "teacher.path")]
    [InlineData("", "teacher.path")]
    public void Validate_TeacherFolderNotAbsoluteOrEscaping_NamesTeacherPath(string path, string field) =>
        Assert.Contains(field, FieldsOf(s_valid with { Teacher = new ModelRef { Path = path } }));

    [Fact]
    public void Validate_CheckpointAndFolderTogether_NamesTheField() =>
        Assert.Equal(["student.path"], FieldsOf(s_valid with { Student = new ModelRef { Path = "/srv/models/qwen", Checkpoint = "3" } }));

    [Fact]
    public void Validate_Null_RejectsConfig() => Assert.Equal(["config"], RunConfigValidator.Validate(null).Select(e => e.Field));

    public static TheoryData<string, RunConfig> InvalidConfigs => new()
    {
        { "name", s_valid with { Name = " " } },
        { "name", s_valid with { Name = new string('x', 101) } },
        { "dataset", s_valid with { Dataset = "imagenet" } },
        { "steps", s_valid with { Steps = 0 } },
        { "steps", s_valid with { Steps = RunConfigValidator.MaxSteps + 1 } },
        { "batchSize", s_valid with { BatchSize = 0 } },
        { "learningRate", s_valid with { LearningRate = 0 } },
        { "learningRate", s_valid with { LearningRate = double.NaN } },
        { "learningRate", s_valid with { LearningRate = 2 } },
        { "seed", s_valid with { Seed = -1 } },
        { "evalEvery", s_valid with { EvalEvery = 0 } },
        { "checkpointEvery", s_valid with { CheckpointEvery = -1 } },
        { "device", s_valid with { Device = "tpu" } },
        { "precision", s_valid with { Precision = "fp16" } },
        { "objectives", s_valid with { Objectives = [] } },
        { "objectives", s_valid with { Objectives = [new() { Kind = ObjectiveKinds.CrossEntropy }, new() { Kind = ObjectiveKinds.CrossEntropy }] } },
        { "objectives[0].kind", s_valid with { Objectives = [new() { Kind = "mystery" }] } },
        { "objectives[1].weight", s_valid with { Objectives = [new() { Kind = ObjectiveKinds.CrossEntropy }, new() { Kind = ObjectiveKinds.ForwardKl, Weight = -1 }] } },
        { "objectives[0].temperature", s_valid with { Objectives = [new() { Kind = ObjectiveKinds.ForwardKl, Temperature = 0 }] } },
        { "objectives[0].temperature", s_valid with { Objectives = [new() { Kind = ObjectiveKinds.ForwardKl, Temperature = 101 }] } },
        { "objectives[1].beta", s_valid with { Objectives = [new() { Kind = ObjectiveKinds.CrossEntropy }, new() { Kind = ObjectiveKinds.Jsd, Beta = 1.5 }] } },
        { "objectives[0].beta", s_valid with { Objectives = [new() { Kind = ObjectiveKinds.Jsd, Beta = -0.1 }] } },
        { "objectives[0].beta", s_valid with { Objectives = [new() { Kind = ObjectiveKinds.Jsd, Beta = double.NaN }] } },
        { "objectives[0].beta", s_valid with { Objectives = [new() { Kind = ObjectiveKinds.ForwardKl, Beta = 0.5 }] } },
        { "objectives[0].skewAlpha", s_valid with { Objectives = [new() { Kind = ObjectiveKinds.SkewKl, SkewAlpha = 1 }] } },
        { "objectives[0].skewAlpha", s_valid with { Objectives = [new() { Kind = ObjectiveKinds.SkewReverseKl, SkewAlpha = -0.1 }] } },
        { "objectives[0].skewAlpha", s_valid with { Objectives = [new() { Kind = ObjectiveKinds.Jsd, SkewAlpha = 0.1 }] } },
        { "objectives[0].topK", s_valid with { Objectives = [new() { Kind = ObjectiveKinds.TopKKl, TopK = 0 }] } },
        { "objectives[0].topK", s_valid with { Objectives = [new() { Kind = ObjectiveKinds.PlackettLuce, TopK = -3 }] } },
        { "objectives[0].topK", s_valid with { Objectives = [new() { Kind = ObjectiveKinds.ReverseKl, TopK = 8 }] } },
        { "objectives[0].missingMass", s_valid with { Objectives = [new() { Kind = ObjectiveKinds.TopKKl, MissingMass = "uniform" }] } },
        { "objectives[0].missingMass", s_valid with { Objectives = [new() { Kind = ObjectiveKinds.PlackettLuce, MissingMass = "zero" }] } },
        { "teacher", s_valid with { Teacher = null } },
        { "teacher", s_valid with { Teacher = null, Objectives = [new() { Kind = ObjectiveKinds.TotalVariation }] } },
        { "objectives[1].kind", s_valid with { Teacher = null, Objectives = [new() { Kind = ObjectiveKinds.CrossEntropy }, new() { Kind = ObjectiveKinds.HiddenMse }] } },
        { "objectives[0].kind", s_valid with { Teacher = null, Objectives = [new() { Kind = ObjectiveKinds.AttentionTransfer }] } },
        { "objectives[0].kind", s_valid with { Teacher = null, Objectives = [new() { Kind = ObjectiveKinds.Nd }] } },
        { "objectives[0].layerMap", s_valid with { Objectives = [new() { Kind = ObjectiveKinds.HiddenCosine, LayerMap = "middle" }] } },
        { "objectives[0].layerMap", s_valid with { Objectives = [new() { Kind = ObjectiveKinds.HiddenMse, LayerMap = "1:2,2" }] } },
        { "objectives[0].layerMap", s_valid with { Objectives = [new() { Kind = ObjectiveKinds.ValueRelation, LayerMap = "-1:2" }] } },
        { "objectives[0].layerMap", s_valid with { Objectives = [new() { Kind = ObjectiveKinds.ForwardKl, LayerMap = "last" }] } },
        { "objectives[0].layerMap", s_valid with { Objectives = [new() { Kind = ObjectiveKinds.Nd, LayerMap = "last" }] } },
        { "objectives[0].relationHeads", s_valid with { Objectives = [new() { Kind = ObjectiveKinds.ValueRelation, RelationHeads = 0 }] } },
        { "objectives[0].relationHeads", s_valid with { Objectives = [new() { Kind = ObjectiveKinds.ValueRelation, RelationHeads = 3 }] } },
        { "objectives[0].relationHeads", s_valid with { Objectives = [new() { Kind = ObjectiveKinds.AttentionTransfer, RelationHeads = 2 }] } },
        { "teacher.checkpoint", s_valid with { Teacher = new ModelRef { Checkpoint = "" } } },
        { "student.checkpoint", s_valid with { Student = new ModelRef { Checkpoint = " " } } },
        { "student.layers", s_valid with { Student = s_valid.Student with { Layers = 0 } } },
        { "student.heads", s_valid with { Student = s_valid.Student with { Heads = 0 } } },
        { "student.width", s_valid with { Student = s_valid.Student with { Width = 4 } } },
        { "student.width", s_valid with { Student = s_valid.Student with { Width = 66, Heads = 4 } } },
        { "student.context", s_valid with { Student = s_valid.Student with { Context = 16 } } },
        { "teacher.width", s_valid with { Teacher = new ModelRef { Width = 30, Heads = 4 } } },
        { "weightDecay", s_valid with { WeightDecay = -0.01 } },
        { "weightDecay", s_valid with { WeightDecay = 1.5 } },
        { "weightDecay", s_valid with { WeightDecay = double.NaN } },
        { "warmupSteps", s_valid with { WarmupSteps = -1 } },
        { "warmupSteps", s_valid with { WarmupSteps = s_valid.Steps + 1 } },
        { "schedule", s_valid with { Schedule = "exponential" } },
        { "schedule", s_valid with { Schedule = "" } },
        { "gradClip", s_valid with { GradClip = -1 } },
        { "gradClip", s_valid with { GradClip = double.PositiveInfinity } },
        { "gradAccumulation", s_valid with { GradAccumulation = 0 } },
        { "gradAccumulation", s_valid with { GradAccumulation = RunConfigValidator.MaxGradAccumulation + 1 } },
    };

    [Theory]
    [MemberData(nameof(InvalidConfigs))]
    public void Validate_InvalidValue_NamesTheField(string field, RunConfig config) =>
        Assert.Contains(field, FieldsOf(config));

    [Fact]
    public void Validate_ForwardKlWithoutTeacher_ExplainsWhy()
    {
        var error = RunConfigValidator.Validate(s_valid with { Teacher = null }).Single();
        Assert.Equal("Objective 'forward_kl' needs a teacher.", error.Message);
    }

    [Fact]
    public void Validate_EveryKindWithItsParameterAtTheLimits_IsValid()
    {
        ObjectiveTerm[] terms =
        [
            new() { Kind = ObjectiveKinds.CrossEntropy },
            new() { Kind = ObjectiveKinds.ForwardKl },
            new() { Kind = ObjectiveKinds.ReverseKl },
            new() { Kind = ObjectiveKinds.Jsd, Beta = 0 },
            new() { Kind = ObjectiveKinds.SkewKl, SkewAlpha = 0 },
            new() { Kind = ObjectiveKinds.SkewReverseKl, SkewAlpha = 0.99 },
            new() { Kind = ObjectiveKinds.TotalVariation },
            new() { Kind = ObjectiveKinds.TopKKl, TopK = 1, MissingMass = ObjectiveTerm.MissingMassSymmetricUniform },
            new() { Kind = ObjectiveKinds.PlackettLuce, TopK = 1 },
            new() { Kind = ObjectiveKinds.AttentionTransfer, LayerMap = ObjectiveTerm.LayerMapUniform },
            new() { Kind = ObjectiveKinds.ValueRelation, RelationHeads = 1 },
            new() { Kind = ObjectiveKinds.HiddenMse, LayerMap = "0:0" },
            new() { Kind = ObjectiveKinds.HiddenCosine, LayerMap = ObjectiveTerm.LayerMapLast },
            new() { Kind = ObjectiveKinds.Nd },
        ];
        // Aligned-logit terms cannot sit beside feature terms: they are checked in a run of their own.
        ObjectiveTerm[] aligned = [new() { Kind = ObjectiveKinds.Uld, Temperature = 100 }, new() { Kind = ObjectiveKinds.TokenAlignment }];
        Assert.Equal(ObjectiveKinds.All, terms.Concat(aligned).Select(t => t.Kind));
        Assert.Empty(RunConfigValidator.Validate(s_valid with { Objectives = terms }));
        Assert.Empty(RunConfigValidator.Validate(s_valid with { Objectives = aligned }));
    }

    [Fact]
    public void Validate_BetaAboveOne_MessageNamesTheRange()
    {
        var error = RunConfigValidator.Validate(s_valid with { Objectives = [new() { Kind = ObjectiveKinds.Jsd, Beta = 2 }] }).Single();
        Assert.Equal(new ValidationError("objectives[0].beta", "β must be between 0 and 1."), error);
    }

    [Theory]
    [InlineData(0.0, 0, "linear", 0.0, 1)]
    [InlineData(1.0, 300, "constant", 5.0, 64)]
    [InlineData(0.1, null, "cosine", 1.0, 2)]
    public void Validate_TrainingSettingsAtTheLimits_IsValid(double weightDecay, int? warmup, string schedule, double clip, int accumulation) =>
        Assert.Empty(RunConfigValidator.Validate(s_valid with
        {
            Steps = 300, WeightDecay = weightDecay, WarmupSteps = warmup, Schedule = schedule, GradClip = clip, GradAccumulation = accumulation,
        }));

    [Fact]
    public void Validate_GradAccumulationTooLarge_MessageNamesTheRange()
    {
        var error = RunConfigValidator.Validate(s_valid with { GradAccumulation = 65 }).Single();
        Assert.Equal(new ValidationError("gradAccumulation", "Gradient accumulation must be between 1 and 64."), error);
    }

    [Fact]
    public void Deserialize_JsonWithoutTrainingSettings_UsesTodaysDefaults()
    {
        var config = RunConfigJson.Deserialize("""{"name":"old","steps":100}""");
        Assert.Equal(RunConfig.DefaultWeightDecay, config.WeightDecay);
        Assert.Null(config.WarmupSteps);
        Assert.Equal(LearningRateSchedules.Cosine, config.Schedule);
        Assert.Equal(RunConfig.DefaultGradClip, config.GradClip);
        Assert.Equal(1, config.GradAccumulation);
        Assert.Equal(config, RunConfigJson.Deserialize(RunConfigJson.Serialize(config)) with { Objectives = config.Objectives });
    }

    [Fact]
    public void Validate_TeacherlessCrossEntropy_IsValid() =>
        Assert.Empty(RunConfigValidator.Validate(RunPresets.DemoTeacher.Config));

    [Theory]
    [InlineData(ObjectiveKinds.AttentionTransfer, null)]
    [InlineData(ObjectiveKinds.ValueRelation, "last")]
    [InlineData(ObjectiveKinds.HiddenMse, "uniform")]
    [InlineData(ObjectiveKinds.HiddenCosine, "0:0, 1:2,2:4")]
    [InlineData(ObjectiveKinds.HiddenMse, "all")]
    [InlineData(ObjectiveKinds.Nd, null)]
    public void Validate_FeatureObjectiveWithTeacher_HasNoErrors(string kind, string? layerMap) =>
        Assert.Empty(RunConfigValidator.Validate(s_valid with
        {
            Objectives = [new() { Kind = ObjectiveKinds.CrossEntropy }, new() { Kind = kind, LayerMap = layerMap }],
        }));
}
