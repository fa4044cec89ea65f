using System.Text.Json;
using Workbench.Experiments.Sweeps;

namespace Workbench.Experiments.TeacherHacking;

/// <summary>
/// The built-in teacher-hacking recipe, "On Teacher Hacking in Language Model Distillation" (Tiapkin et al. 2025) at toy scale:
/// an <b>oracle</b> (2 × 64, trained with cross-entropy on the arithmetic problems) stands for the ground truth; a smaller
/// <b>teacher</b> (1 × 64) learns from the oracle's own sampled completions (sequence-level KD, cross-entropy); then one sweep
/// group distils a 1 × 32 <b>student</b> from the teacher with forward KL on a small fixed set of training prompts, read for many
/// epochs, either <c>offline</c> (the teacher's completions, generated once: <c>sequence_kd</c>) or <c>on_policy</c> (λ = 1: the
/// student's own samples at every step), same steps, batch and prompts (the same token budget), three seeds. Every evaluation
/// reports the proxy KL(teacher ‖ student) and the golden KL(oracle ‖ student) on the student's completions of eval prompts.
/// </summary>
public static class TeacherHackingDemo
{
    public const string OracleName = "th-oracle";
    public const string TeacherName = "th-teacher";
    public const string SweepName = "teacher-hacking";
    public static IReadOnlyList<int> Seeds { get; } = [1, 2, 3];

    /// <summary>Training prompts the student sees: 8 batches of 32, so 400 steps are 50 epochs.</summary>
    public const int StudentTrainSamples = 256;
    public const int StudentSteps = 400;

    public static RunConfig Oracle { get; } = new()
    {
        Name = OracleName,
        Dataset = BuiltInDatasets.Arithmetic,
        Student = new ModelRef { Layers = 2, Heads = 2, Width = 64, Context = 64 },
        Objectives = [new ObjectiveTerm { Kind = ObjectiveKinds.CrossEntropy }],
        Steps = 600,
        BatchSize = 32,
        LearningRate = 3e-3,
        EvalEvery = 200,
        Seed = 1234,
    };

    /// <summary>The teacher: a smaller model trained with cross-entropy on the oracle's sampled completions of the training prompts.</summary>
    public static RunConfig Teacher { get; } = Oracle with
    {
        Name = TeacherName,
        Teacher = new ModelRef { Checkpoint = OracleName },
        Student = new ModelRef { Layers = 1, Heads = 2, Width = 64, Context = 64 },
        Steps = 300,
        EvalEvery = 100,
        Data = new DataConfig { Regime = DataRegimes.SequenceKd, Temperature = 1.0, MaxNewTokens = 4 },
    };

    /// <summary>A student distilled from <paramref name="teacher"/> under <paramref name="regime"/>, with <paramref name="oracle"/> for the golden metrics.</summary>
    public static RunConfig Distill(ModelRef teacher, ModelRef oracle, string regime, int seed) => new()
    {
        Name = $"{SweepName}-data.regime={regime}-seed{seed}",
        Dataset = BuiltInDatasets.Arithmetic,
        Teacher = teacher,
        Oracle = oracle,
        Student = new ModelRef { Layers = 1, Heads = 2, Width = 32, Context = 64 },
        Objectives = [new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl, Temperature = 1 }],
        Steps = StudentSteps,
        BatchSize = 32,
        LearningRate = 3e-3,
        EvalEvery = 25,
        Seed = seed,
        Data = new DataConfig { Regime = regime, Lambda = 1.0, Temperature = 1.0, MaxNewTokens = 4, TrainSamples = StudentTrainSamples },
    };

    /// <summary>Offline (the baseline) against on-policy for every seed, distilling from run <paramref name="teacherRun"/> with run <paramref name="oracleRun"/> as the oracle.</summary>
    public static SweepSpec Sweep(int oracleRun, int teacherRun) => new()
    {
        Name = SweepName,
        Base = Distill(new ModelRef { Run = teacherRun }, new ModelRef { Run = oracleRun }, DataRegimes.SequenceKd, Seeds[0]),
        Seeds = Seeds,
        Axes = [SweepAxis.Of("data.regime", DataRegimes.SequenceKd, DataRegimes.OnPolicy)],
        Baseline = new Dictionary<string, JsonElement> { ["data.regime"] = JsonSerializer.SerializeToElement(DataRegimes.SequenceKd) },
        Notes = "Teacher hacking at toy scale: does offline distillation on a fixed set (the teacher's completions, many epochs) keep improving "
                + "the proxy KL(teacher ‖ student) while the golden KL(oracle ‖ student) worsens, where on-policy data does not?",
    };
}
