namespace Workbench.Experiments;

/// <summary>A named, ready-to-run config offered by the API and the New run page.</summary>
public sealed record RunPreset(string Id, string Title, string Description, RunConfig Config);

/// <summary>
/// Built-in recipes. The demo teacher (4 layers × 128) learns the arithmetic task with cross-entropy;
/// the demo distillation trains a 2 × 64 student from that teacher's final checkpoint with CE + forward KL.
/// </summary>
public static class RunPresets
{
    public const string DemoTeacherName = "demo-teacher";

    public static RunPreset DemoTeacher { get; } = new(
        "demo-teacher",
        "Demo teacher (pretrain)",
        "Supervised cross-entropy on the built-in arithmetic word problems; its checkpoint becomes a teacher.",
        new RunConfig
        {
            Name = DemoTeacherName,
            Student = new ModelRef { Layers = 4, Heads = 4, Width = 128, Context = 64 },
            Objectives = [new ObjectiveTerm { Kind = ObjectiveKinds.CrossEntropy, Weight = 1 }],
            Steps = 600,
            BatchSize = 16,
            LearningRate = 1e-3,
            EvalEvery = 50,
        });

    public static RunPreset DemoDistill { get; } = new(
        "demo-distill",
        "Demo distillation (CE + forward KL)",
        "A 2 × 64 student distilled from the demo teacher with 0.5·CE + 0.5·T²·KL at T = 2.",
        new RunConfig
        {
            Name = "demo-distill",
            Teacher = new ModelRef { Checkpoint = DemoTeacherName },
            Student = new ModelRef { Layers = 2, Heads = 2, Width = 64, Context = 64 },
            Objectives =
            [
                new ObjectiveTerm { Kind = ObjectiveKinds.CrossEntropy, Weight = 0.5 },
                new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl, Weight = 0.5, Temperature = 2 },
            ],
            Steps = 600,
            BatchSize = 16,
            LearningRate = 3e-3,
            EvalEvery = 50,
        });

    public static IReadOnlyList<RunPreset> All { get; } = [DemoTeacher, DemoDistill];
}
