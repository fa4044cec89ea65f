namespace Workbench.Experiments;

/// <summary>
/// The Hugging Face demo: the built-in folders (a Llama teacher and a Qwen2 student with a byte-level BPE tokenizer and a ChatML
/// template, created by <c>Workbench.Worker demo-models</c>) trained and distilled like real checkpoints. The teacher learns the
/// arithmetic task from its random start (about 0.87 accuracy after 600 steps); the student is distilled from the saved teacher folder.
/// </summary>
public static class HuggingFaceDemo
{
    public const string TeacherFolderName = "demo-llama-teacher";
    public const string StudentFolderName = "demo-qwen2-student";
    public const string TeacherRunName = "hf-demo-teacher";

    /// <summary>The two presets, with the demo folders under <paramref name="modelsRoot"/>.</summary>
    public static IReadOnlyList<RunPreset> Presets(string modelsRoot) =>
    [
        new("hf-demo-teacher", "Hugging Face demo teacher (Llama folder)",
            "Cross-entropy on the arithmetic problems, starting from the random demo Llama folder; saved as a Hugging Face folder.",
            new RunConfig
            {
                Name = TeacherRunName,
                Student = new ModelRef { Path = Path.Combine(modelsRoot, TeacherFolderName) },
                Objectives = [new ObjectiveTerm { Kind = ObjectiveKinds.CrossEntropy }],
                Steps = 600,
                BatchSize = 32,
                LearningRate = 3e-3,
                EvalEvery = 50,
            }),
        new("hf-demo-distill", "Hugging Face demo distillation (Llama → Qwen2)",
            "The demo Qwen2 folder distilled from the trained Llama teacher with 0.5·CE + 0.5·T²·KL at T = 2, through the folder's chat template.",
            new RunConfig
            {
                Name = "hf-demo-distill",
                Teacher = new ModelRef { Checkpoint = TeacherRunName },
                Student = new ModelRef { Path = Path.Combine(modelsRoot, StudentFolderName) },
                Objectives =
                [
                    new ObjectiveTerm { Kind = ObjectiveKinds.CrossEntropy, Weight = 0.5 },
                    new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl, Weight = 0.5, Temperature = 2 },
                ],
                Steps = 600,
                BatchSize = 32,
                LearningRate = 3e-3,
                EvalEvery = 50,
            }),
    ];
}
