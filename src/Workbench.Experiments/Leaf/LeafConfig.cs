using System.Text.Json.Serialization;

namespace Workbench.Experiments.Leaf;

/// <summary>
/// LeaF ("Learning to Focus", leaf.md) settings of a distillation run. When a run has this section, the worker first
/// detects confounding tokens (stage 1: teacher-vs-student input-gradient saliency), then distils on the originals and
/// their span-pruned counterfactuals (stage 2). <see cref="Mask"/> = <c>none</c> is the paper's "KD w/o Mask" row:
/// the same pipeline and evaluation without counterfactuals.
/// </summary>
public sealed record LeafConfig
{
    /// <summary><c>none</c> (KD w/o Mask), <c>instruction</c> (Instr Mask, default) or <c>instruction_response</c>.</summary>
    public string Mask { get; init; } = LeafMasks.Instruction;

    /// <summary><c>quantile</c> (default: flag Δ ≤ min(sorted[⌊nρ⌋], cap)) or <c>absolute</c> (flag Δ &lt; τ).</summary>
    public string ThresholdMode { get; init; } = LeafThresholdModes.Quantile;
    /// <summary>Bottom-quantile ratio ρ for quantile mode (leaf.md §2.4).</summary>
    public double Rho { get; init; } = 0.10;
    /// <summary>Absolute threshold τ for absolute mode.</summary>
    public double Tau { get; init; } = 0.10;
    /// <summary>Upper bound of the quantile threshold.</summary>
    public double Cap { get; init; } = 0.5;
    /// <summary>At most this many spans (counterfactuals) per sample; null = all.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MaxSpansPerSample { get; init; }

    /// <summary><c>all</c> or <c>student_wrong_teacher_right</c> (the paper's misleading samples; needs answers).</summary>
    public string Selection { get; init; } = LeafSelections.All;
    /// <summary>
    /// Flip verification (leaf.md §2.1): <c>off</c> (default), <c>student</c> (keep a counterfactual only if the student answers
    /// it right) or <c>both</c> (the teacher too).
    /// </summary>
    public string VerifyFlip { get; init; } = LeafVerifications.Off;

    /// <summary>Training samples examined by detection (the first N of the train split); null = all.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? DetectionSamples { get; init; }

    /// <summary><c>data_mix</c> (reference: originals and counterfactuals are rows of one shuffled set) or <c>paired</c>.</summary>
    public string Mixing { get; init; } = LeafMixings.DataMix;
    /// <summary>Paired mode: L = λ·L_kd + (1 − λ)·L_cd.</summary>
    public double Lambda { get; init; } = 0.5;
}

public static class LeafMasks
{
    public const string None = "none";
    public const string Instruction = "instruction";
    public const string InstructionResponse = "instruction_response";
    public static IReadOnlyList<string> All { get; } = [None, Instruction, InstructionResponse];
}

public static class LeafThresholdModes
{
    public const string Quantile = "quantile";
    public const string Absolute = "absolute";
    public static IReadOnlyList<string> All { get; } = [Quantile, Absolute];
}

public static class LeafSelections
{
    public const string All = "all";
    public const string StudentWrongTeacherRight = "student_wrong_teacher_right";
    public static IReadOnlyList<string> Values { get; } = [All, StudentWrongTeacherRight];
}

public static class LeafVerifications
{
    public const string Off = "off";
    public const string Student = "student";
    public const string Both = "both";
    public static IReadOnlyList<string> All { get; } = [Off, Student, Both];
}

public static class LeafMixings
{
    public const string DataMix = "data_mix";
    public const string Paired = "paired";
    public static IReadOnlyList<string> All { get; } = [DataMix, Paired];
}
