using Workbench.Experiments;
using Workbench.Experiments.Evaluation;
using Workbench.Experiments.Leaf;

namespace Workbench.Web.Tests.Shared;

/// <summary>
/// Configs that between them set every field of <see cref="RunConfig"/> and its parts to a value other than the
/// default (checked by reflection in ConfigFieldsTests), for the form's round-trip tests. Validity is not the point:
/// every objective parameter is here at once.
/// </summary>
public static class FullConfigs
{
    public static RunConfig EveryField { get; } = new()
    {
        Name = "every-field",
        Teacher = new ModelRef { Path = "/models/teacher" },
        Oracle = new ModelRef { Path = "/models/oracle" },
        Student = new ModelRef { Layers = 3, Heads = 4, Width = 96, Context = 80 },
        Dataset = BuiltInDatasets.All[^1],
        Objectives =
        [
            new ObjectiveTerm { Kind = ObjectiveKinds.CrossEntropy, Weight = 0.3 },
            new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl, Weight = 0.7, Temperature = 3.5 },
            new ObjectiveTerm { Kind = ObjectiveKinds.Jsd, Weight = 0.2, Temperature = 1.5, Beta = 0.7 },
            new ObjectiveTerm { Kind = ObjectiveKinds.SkewKl, Weight = 0.25, Temperature = 2, SkewAlpha = 0.2 },
            new ObjectiveTerm { Kind = ObjectiveKinds.TopKKl, Weight = 0.4, Temperature = 2.5, TopK = 16, MissingMass = ObjectiveTerm.MissingMassSymmetricUniform },
            new ObjectiveTerm { Kind = ObjectiveKinds.PlackettLuce, Weight = 0.15, Temperature = 4, TopK = 4 },
            new ObjectiveTerm { Kind = ObjectiveKinds.ValueRelation, Weight = 0.35, LayerMap = "1:2,2:4", RelationHeads = 2 },
            new ObjectiveTerm { Kind = ObjectiveKinds.HiddenMse, Weight = 0.45, LayerMap = ObjectiveTerm.LayerMapAll },
        ],
        Steps = 1234,
        BatchSize = 12,
        LearningRate = 7e-4,
        Seed = 99,
        EvalEvery = 37,
        Device = "cpu",
        Precision = Precisions.Float32,
        WeightDecay = 0.05,
        WarmupSteps = 44,
        Schedule = LearningRateSchedules.Linear,
        GradClip = 0.5,
        GradAccumulation = 3,
        CheckpointEvery = 200,
        AnswerRule = "after:####",
        EvalSets =
        [
            new EvalSet("ood", "imported:gsm-ic", "ood", 150),
            new EvalSet("iid", null, "test"),
        ],
        TeacherStore = new TeacherStoreConfig { TopK = 32, Values = TeacherStoreConfig.ValuesFp32 },
        Data = new DataConfig { Regime = DataRegimes.SequenceKd, Lambda = 0.3, Temperature = 0.7, TopP = 0.9, MaxNewTokens = 24, SamplesPerPrompt = 2, TrainSamples = 100, Packing = true },
        Leaf = new LeafConfig
        {
            Mask = LeafMasks.InstructionResponse,
            ThresholdMode = LeafThresholdModes.Absolute,
            Rho = 0.2,
            Tau = 0.3,
            Cap = 0.4,
            MaxSpansPerSample = 3,
            Selection = LeafSelections.StudentWrongTeacherRight,
            VerifyFlip = LeafVerifications.Both,
            DetectionSamples = 64,
            Mixing = LeafMixings.Paired,
            Lambda = 0.7,
            Scorer = LeafScorers.Intervention,
            IntegratedGradientsSteps = 6,
            InterventionCandidates = LeafSpanUnits.Word,
            InterventionEffect = LeafInterventionEffects.Moves,
            InterventionTeacher = LeafInterventionTeachers.Bounded,
            InterventionTeacherEdits = LeafInterventionTeacherEdits.First,
            SpanUnit = LeafSpanUnits.Clause,
            ProtectTeacherNumbersAbove = 0.6,
            LeaderboardSamples = 32,
        },
        Resources = new Experiments.Resources.RunResources { Cpus = 4, MemoryMb = 8000, Gpus = 1, TimeMinutes = 90, Partition = "gpu-a100" },
    };

    /// <summary>The model fields <see cref="EveryField"/> cannot hold at once: checkpoints, and a teacher with a fresh shape.</summary>
    public static RunConfig Checkpoints { get; } = EveryField with
    {
        Name = "checkpoints",
        Teacher = new ModelRef { Layers = 5, Heads = 8, Width = 128, Context = 96 },
        Student = new ModelRef { Checkpoint = "demo-teacher" },
    };

    /// <summary>Models loaded from runs by id (what a name resolves to at submission).</summary>
    public static RunConfig Runs { get; } = EveryField with
    {
        Name = "runs",
        Teacher = new ModelRef { Run = 7 },
        Student = new ModelRef { Run = 8 },
    };

    public static IReadOnlyList<RunConfig> All { get; } = [EveryField, Checkpoints, Runs];
}
