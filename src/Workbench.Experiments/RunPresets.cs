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

    /// <summary>The two runs "Run the demo" queues.</summary>
    public static IReadOnlyList<RunPreset> Demo { get; } = [DemoTeacher, DemoDistill];

    public static IReadOnlyList<RunPreset> All { get; } =
    [
        DemoTeacher,
        DemoDistill,
        new("leaf-teacher", "LeaF demo teacher (distractor-clean)", "4 × 128 on problems whose distractor is independent of the answer: it learns to ignore it.", Leaf.LeafDemo.Teacher),
        new("leaf-student", "LeaF demo pre-KD student (distractor-shortcut)", "2 × 64 on problems whose distractor usually equals the answer: it learns to copy it.", Leaf.LeafDemo.Student),
        new("leaf-kd", "KD w/o mask (LeaF baseline)", "The pre-KD student distilled from the LeaF teacher on the shortcut split, forward KL, no counterfactuals.", Leaf.LeafDemo.Distill(Leaf.LeafMasks.None, 1)),
        new("leaf-instruction", "LeaF (instruction mask)", "Detect confounding tokens, then distil on originals and span-pruned counterfactuals.", Leaf.LeafDemo.Distill(Leaf.LeafMasks.Instruction, 1)),
        new("leaf-intervention", "LeaF, intervention scorer", "Ablation: the confounder is the clause whose numbers, moved by ±1, move the student's answer NLL much more than the teacher's (one per sample; the teacher reads only the clauses that can decide it).",
            Leaf.LeafDemo.Distill(Leaf.LeafMasks.Instruction, 1) with
            {
                Name = "leaf-intervention-seed1",
                Leaf = new Leaf.LeafConfig
                {
                    Scorer = Leaf.LeafScorers.Intervention, InterventionCandidates = Leaf.LeafSpanUnits.Numbers, InterventionEffect = Leaf.LeafInterventionEffects.Moves,
                    InterventionTeacher = Leaf.LeafInterventionTeachers.Bounded, SpanUnit = Leaf.LeafSpanUnits.Clause, ThresholdMode = Leaf.LeafThresholdModes.Top,
                },
            }),
        new("leaf-misleading", "LeaF, misleading samples only", "Ablation: detection only on samples the teacher answers right and the student wrong (the paper's selection).",
            Leaf.LeafDemo.Distill(Leaf.LeafMasks.Instruction, 1) with { Name = "leaf-misleading-seed1", Leaf = new Leaf.LeafConfig { Selection = Leaf.LeafSelections.StudentWrongTeacherRight } }),
        // The reference's term (RUCBM/LeaF distill_instruct_level.py lines 466–483, β = --hidden_beta 10000 in
        // scripts/Causal_attention_distillation/*/run_*.sh line 23) is an MSE of L2-normalised hidden states, i.e.
        // 2β/d_T · hidden_cosine: see LeafReferenceHiddenMse.
        new("leaf-hidden-mse", "LeaF + hidden-state MSE", "Ablation: the reference's hidden-state MSE (L2-normalised states, β = 10000, as hidden_cosine with weight 2β/d_T) beside the forward KL.",
            Leaf.LeafDemo.Distill(Leaf.LeafMasks.Instruction, 1) with
            {
                Name = "leaf-hidden-mse-seed1",
                Objectives =
                [
                    new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl, Temperature = 1 },
                    new ObjectiveTerm
                    {
                        Kind = ObjectiveKinds.HiddenCosine,
                        Weight = Leaf.LeafReferenceHiddenMse.HiddenCosineWeight(Leaf.LeafDemo.Teacher.Student.Width),
                        LayerMap = Leaf.LeafReferenceHiddenMse.DemoLayerMap,
                    },
                ],
            }),
        new("leaf-response", "LeaF (instruction and response masks)", "Ablation: also split responses with a reasoning step in two and prune spans of the first step.",
            Leaf.LeafDemo.Distill(Leaf.LeafMasks.InstructionResponse, 1) with { Name = "leaf-response-seed1" }),
        new("th-oracle", "Teacher hacking: oracle", "2 × 64 trained with cross-entropy: the ground truth of the teacher-hacking recipe.", TeacherHacking.TeacherHackingDemo.Oracle),
        new("th-teacher", "Teacher hacking: teacher on the oracle's completions", "1 × 64 trained with cross-entropy on the oracle's sampled completions (sequence-level KD).",
            TeacherHacking.TeacherHackingDemo.Teacher),
        new("th-offline", "Teacher hacking: offline student (golden metrics)", "1 × 32 distilled with forward KL on 256 prompts' fixed teacher completions for 50 epochs; reports KL(oracle ‖ student) beside KL(teacher ‖ student).",
            TeacherHacking.TeacherHackingDemo.Distill(new ModelRef { Checkpoint = TeacherHacking.TeacherHackingDemo.TeacherName }, new ModelRef { Checkpoint = TeacherHacking.TeacherHackingDemo.OracleName }, DataRegimes.SequenceKd, 1)),
        new("th-on-policy", "Teacher hacking: on-policy student (golden metrics)", "The same student, steps and prompts, trained on its own samples (λ = 1) scored by the teacher.",
            TeacherHacking.TeacherHackingDemo.Distill(new ModelRef { Checkpoint = TeacherHacking.TeacherHackingDemo.TeacherName }, new ModelRef { Checkpoint = TeacherHacking.TeacherHackingDemo.OracleName }, DataRegimes.OnPolicy, 1)),
        new("leaf-board", "Detection leaderboard (LeaF demo models)", "Every scorer × unit × threshold on 200 samples with gold spans, one training step.",
            Leaf.DetectionBoard.Config(0, 0, BuiltInDatasets.DistractorShortcut, 200, "leaf-board") with
            {
                Teacher = new ModelRef { Checkpoint = Leaf.LeafDemo.TeacherName }, Student = new ModelRef { Checkpoint = Leaf.LeafDemo.StudentName },
            }),
    ];
}
