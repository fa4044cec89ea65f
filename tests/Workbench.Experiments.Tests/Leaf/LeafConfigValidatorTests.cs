using Workbench.Experiments.Leaf;

namespace Workbench.Experiments.Tests.Leaf;

public sealed class LeafConfigValidatorTests
{
    private static readonly RunConfig s_valid = RunPresets.DemoDistill.Config with { Leaf = new LeafConfig() };

    private static IReadOnlyList<string> FieldsOf(RunConfig config) => [.. RunConfigValidator.Validate(config).Select(e => e.Field)];

    [Fact]
    public void Validate_DefaultLeafSettings_HaveNoErrors() => Assert.Empty(FieldsOf(s_valid));

    public static TheoryData<string, RunConfig> InvalidConfigs => new()
    {
        { "leaf.mask", s_valid with { Leaf = new LeafConfig { Mask = "everything" } } },
        { "leaf.thresholdMode", s_valid with { Leaf = new LeafConfig { ThresholdMode = "median" } } },
        { "leaf.selection", s_valid with { Leaf = new LeafConfig { Selection = "some" } } },
        { "leaf.mixing", s_valid with { Leaf = new LeafConfig { Mixing = "interleaved" } } },
        { "leaf.verifyFlip", s_valid with { Leaf = new LeafConfig { VerifyFlip = "teacher" } } },
        { "leaf.rho", s_valid with { Leaf = new LeafConfig { Rho = 1 } } },
        { "leaf.rho", s_valid with { Leaf = new LeafConfig { Rho = double.NaN } } },
        { "leaf.tau", s_valid with { Leaf = new LeafConfig { Tau = -0.1 } } },
        { "leaf.cap", s_valid with { Leaf = new LeafConfig { Cap = 0 } } },
        { "leaf.lambda", s_valid with { Leaf = new LeafConfig { Lambda = 1.5 } } },
        { "leaf.maxSpansPerSample", s_valid with { Leaf = new LeafConfig { MaxSpansPerSample = 0 } } },
        { "leaf.detectionSamples", s_valid with { Leaf = new LeafConfig { DetectionSamples = 0 } } },
        { "objectives", s_valid with { Objectives = [new ObjectiveTerm { Kind = ObjectiveKinds.CrossEntropy }] } },
        { "leaf.scorer", s_valid with { Leaf = new LeafConfig { Scorer = "attention" } } },
        { "leaf.spanUnit", s_valid with { Leaf = new LeafConfig { SpanUnit = "sentence" } } },
        { "leaf.interventionCandidates", s_valid with { Leaf = new LeafConfig { InterventionCandidates = LeafSpanUnits.Token } } },
        { "leaf.interventionEffect", s_valid with { Leaf = new LeafConfig { InterventionEffect = "hurts" } } },
        { "leaf.interventionTeacher", s_valid with { Leaf = new LeafConfig { InterventionTeacher = "some" } } },
        { "leaf.interventionTeacherEdits", s_valid with { Leaf = new LeafConfig { InterventionTeacherEdits = "second" } } },
        { "leaf.integratedGradientsSteps", s_valid with { Leaf = new LeafConfig { IntegratedGradientsSteps = 0 } } },
        { "leaf.protectTeacherNumbersAbove", s_valid with { Leaf = new LeafConfig { ProtectTeacherNumbersAbove = 1.5 } } },
        { "leaf.leaderboardSamples", s_valid with { Leaf = new LeafConfig { LeaderboardSamples = 0 } } },
    };

    [Fact]
    public void Validate_HiddenMseBesideTheKl_IsAllowedInLeafRuns()
    {
        var config = s_valid with { Objectives = [new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl }, new ObjectiveTerm { Kind = ObjectiveKinds.HiddenMse, Weight = 0.1 }] };
        Assert.Empty(FieldsOf(config));
    }

    [Fact]
    public void Validate_InterventionOverNumberEditsWithATopBudget_IsValid()
    {
        var config = s_valid with
        {
            Leaf = new LeafConfig
            {
                Scorer = LeafScorers.Intervention, InterventionCandidates = LeafSpanUnits.Numbers, InterventionEffect = LeafInterventionEffects.Moves,
                SpanUnit = LeafSpanUnits.Clause, ThresholdMode = LeafThresholdModes.Top, MaxSpansPerSample = 1,
                InterventionTeacher = LeafInterventionTeachers.Bounded,
            },
        };
        Assert.Empty(FieldsOf(config));
    }

    [Fact]
    public void Preset_LeafIntervention_IsTheBestDetectionConfiguration()
    {
        var preset = RunPresets.All.Single(p => p.Id == "leaf-intervention").Config;
        Assert.Equal((LeafScorers.Intervention, LeafSpanUnits.Numbers, LeafInterventionEffects.Moves, LeafInterventionTeachers.Bounded, LeafSpanUnits.Clause, LeafThresholdModes.Top),
                     (preset.Leaf!.Scorer, preset.Leaf.InterventionCandidates, preset.Leaf.InterventionEffect, preset.Leaf.InterventionTeacher, preset.Leaf.SpanUnit, preset.Leaf.ThresholdMode));
        Assert.Empty(FieldsOf(preset));
    }

    [Fact]
    public void Preset_LeafHiddenMse_IsTheReferenceTermAsHiddenCosine()
    {
        var preset = RunPresets.All.Single(p => p.Id == "leaf-hidden-mse").Config;
        var term = preset.Objectives.Single(o => o.Kind == ObjectiveKinds.HiddenCosine);
        Assert.Equal(2 * 10000.0 / 128, term.Weight);                   // 2β/d_T, β = 10000, the demo teacher's width 128
        Assert.Equal("0:0,1:2", term.LayerMap);
        Assert.Empty(FieldsOf(preset));
    }

    [Theory]
    [MemberData(nameof(InvalidConfigs))]
    public void Validate_InvalidLeafSetting_NamesTheField(string field, RunConfig config) => Assert.Contains(field, FieldsOf(config));

    [Fact]
    public void Validate_LeafWithoutTeacher_NamesTheTeacher()
    {
        var config = s_valid with { Teacher = null, Objectives = [new ObjectiveTerm { Kind = ObjectiveKinds.CrossEntropy }] };
        Assert.Contains("teacher", FieldsOf(config));
    }

    [Fact]
    public void Json_RoundTripsLeafSettings_AndOmitsThemForOrdinaryRuns()
    {
        var config = s_valid with { Leaf = new LeafConfig { Mask = LeafMasks.None, Mixing = LeafMixings.Paired, Lambda = 0.3, MaxSpansPerSample = 2 } };
        var json = RunConfigJson.Serialize(config);
        Assert.Equal(config.Leaf, RunConfigJson.Deserialize(json).Leaf);
        Assert.DoesNotContain("\"leaf\"", RunConfigJson.Serialize(s_valid with { Leaf = null }));
    }
}
