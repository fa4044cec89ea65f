namespace Workbench.Experiments;

/// <summary>
/// The cross-tokenizer demo pair: the demo teacher (<see cref="RunPresets.DemoTeacherName"/>, a workbench GPT over the built-in word
/// vocabulary, one token per word) distilled into the demo Qwen2 architecture over a small byte-level BPE of 320 tokens
/// (<see cref="StudentFolderName"/>, created with the other demo folders), where most words and numbers are several tokens.
/// The same recipe with three losses: cross-entropy alone (the baseline), CE + ULD and CE + span-aligned KL/ULD.
/// </summary>
public static class CrossTokenizerDemo
{
    public const string StudentFolderName = "demo-qwen2-small-bpe-student";

    /// <summary>The three presets, the student folder under <paramref name="modelsRoot"/>; a seed for sweeps.</summary>
    public static IReadOnlyList<RunPreset> Presets(string modelsRoot, int seed = 1234) =>
    [
        new("xtok-ce", "Cross-tokenizer demo: CE only (baseline)",
            "The small-BPE Qwen2 folder trained on the arithmetic problems with cross-entropy alone; no teacher term.",
            Config("xtok-ce", modelsRoot, seed, new ObjectiveTerm { Kind = ObjectiveKinds.CrossEntropy })),
        new("xtok-uld", "Cross-tokenizer demo: CE + ULD (word teacher → BPE student)",
            "0.5·CE + 0.5·ULD: the word-vocabulary demo teacher's sorted probabilities against the small-BPE student's, position by position.",
            Config("xtok-uld", modelsRoot, seed, new ObjectiveTerm { Kind = ObjectiveKinds.CrossEntropy, Weight = 0.5 },
                   new ObjectiveTerm { Kind = ObjectiveKinds.Uld, Weight = 0.5 })),
        new("xtok-align", "Cross-tokenizer demo: CE + span-aligned KL/ULD (word teacher → BPE student)",
            "0.5·CE + 0.5·token alignment: teacher and student targets grouped by character spans, KL over the shared tokens, ULD over the rest.",
            Config("xtok-align", modelsRoot, seed, new ObjectiveTerm { Kind = ObjectiveKinds.CrossEntropy, Weight = 0.5 },
                   new ObjectiveTerm { Kind = ObjectiveKinds.TokenAlignment, Weight = 0.5 })),
    ];

    private static RunConfig Config(string name, string modelsRoot, int seed, params ObjectiveTerm[] objectives) => new()
    {
        Name = name,
        Teacher = objectives.Any(o => ObjectiveKinds.NeedsTeacher(o.Kind)) ? new ModelRef { Checkpoint = RunPresets.DemoTeacherName } : null,
        Student = new ModelRef { Path = Path.Combine(modelsRoot, StudentFolderName) },
        Objectives = objectives,
        Steps = 600,
        BatchSize = 32,
        LearningRate = 3e-3,
        Seed = seed,
        EvalEvery = 100,
    };
}
