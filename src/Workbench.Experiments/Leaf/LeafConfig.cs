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

    /// <summary>
    /// <c>quantile</c> (default: flag Δ ≤ min(sorted[⌊nρ⌋], cap)), <c>absolute</c> (flag Δ &lt; τ) or <c>top</c> (flag the
    /// <see cref="MaxSpansPerSample"/> units with the lowest Δ, one when unset).
    /// </summary>
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

    /// <summary>
    /// How tokens are scored (issue 14): <c>gradient_norm</c> (the paper: ‖∂ℓ/∂E_i‖₂, default), <c>gradient_x_input</c>
    /// (|∂ℓ/∂E_i · E_i|), <c>integrated_gradients</c> (|(E_i − 0) · mean_α ∂ℓ/∂E_i(αE)| over the prompt) or <c>intervention</c>
    /// (delete each candidate span and compare how much the student's and the teacher's response NLL change).
    /// </summary>
    public string Scorer { get; init; } = LeafScorers.GradientNorm;
    /// <summary>Interpolation steps of <c>integrated_gradients</c> (midpoint rule; cost grows linearly).</summary>
    public int IntegratedGradientsSteps { get; init; } = 4;
    /// <summary>
    /// Candidates of <c>intervention</c>: <c>clause</c> (default, deleted), <c>word</c> (deleted) or <c>numbers</c> (each clause
    /// with a number, its numbers moved up and down by one, the two effects averaged).
    /// </summary>
    public string InterventionCandidates { get; init; } = LeafSpanUnits.Clause;
    /// <summary>
    /// <c>helps</c> (default: a confounder's deletion lowers the student's NLL and leaves the teacher's alone) or <c>moves</c>
    /// (its deletion changes the student's NLL, either way, much more than the teacher's).
    /// </summary>
    public string InterventionEffect { get; init; } = LeafInterventionEffects.Helps;
    /// <summary>
    /// <c>all</c> (default: the teacher reads every candidate) or <c>bounded</c> (the student reads every candidate first; the
    /// teacher reads them in order of the student's reaction and stops once no further one can enter the
    /// <see cref="MaxSpansPerSample"/> lowest δ, since δ ≥ −the student's reaction). Same flags as <c>all</c> under the
    /// <c>top</c> rule, fewer teacher forwards; with another threshold mode the teacher reads every candidate.
    /// </summary>
    public string InterventionTeacher { get; init; } = LeafInterventionTeachers.All;
    /// <summary>
    /// <c>all</c> (default: the teacher reads every edit of a candidate, like the student) or <c>first</c> (the teacher reads only
    /// a candidate's first edit, e.g. its numbers moved up by one; the student still reads both directions). Halves the teacher's
    /// forwards for <c>numbers</c> candidates.
    /// </summary>
    public string InterventionTeacherEdits { get; init; } = LeafInterventionTeacherEdits.All;
    /// <summary>
    /// Unit of a flag decision: <c>token</c> (the paper), <c>word</c> or <c>clause</c> (Δ averaged over the unit's unprotected
    /// tokens, so a whole unit is flagged or none of it).
    /// </summary>
    public string SpanUnit { get; init; } = LeafSpanUnits.Token;
    /// <summary>
    /// Protect numbers the answer depends on: a number whose teacher saliency ĝᵀ is at least this value (in [0, 1]) is never
    /// flagged, nor the word or clause holding it; null = off (the paper).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ProtectTeacherNumbersAbove { get; init; }
    /// <summary>
    /// Detection leaderboard: score the first N examined samples with gold spans by every scorer × unit × threshold and report
    /// quality and cost per sample (<c>board/…</c> metrics); null = off.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? LeaderboardSamples { get; init; }
}

public static class LeafScorers
{
    public const string GradientNorm = "gradient_norm";
    public const string GradientXInput = "gradient_x_input";
    public const string IntegratedGradients = "integrated_gradients";
    public const string Intervention = "intervention";
    public static IReadOnlyList<string> All { get; } = [GradientNorm, GradientXInput, IntegratedGradients, Intervention];
    public static IReadOnlyList<string> Gradient { get; } = [GradientNorm, GradientXInput, IntegratedGradients];
}

public static class LeafSpanUnits
{
    public const string Token = "token";
    public const string Word = "word";
    public const string Clause = "clause";
    public static IReadOnlyList<string> All { get; } = [Token, Word, Clause];
    /// <summary>
    /// Intervention candidates only: each clause holding a number (the question aside), with its numbers moved up and down by one
    /// instead of the clause deleted, so the edited prompt stays in the training distribution.
    /// </summary>
    public const string Numbers = "numbers";
    public static IReadOnlyList<string> Candidates { get; } = [Word, Clause, Numbers];
}

public static class LeafInterventionEffects
{
    public const string Helps = "helps";
    public const string Moves = "moves";
    public static IReadOnlyList<string> All { get; } = [Helps, Moves];
}

public static class LeafInterventionTeachers
{
    public const string All = "all";
    public const string Bounded = "bounded";
    public static IReadOnlyList<string> Values { get; } = [All, Bounded];
}

public static class LeafInterventionTeacherEdits
{
    public const string All = "all";
    public const string First = "first";
    public static IReadOnlyList<string> Values { get; } = [All, First];
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
    /// <summary>A confounder budget: flag the units with the lowest Δ, <see cref="LeafConfig.MaxSpansPerSample"/> of them (1 when unset).</summary>
    public const string Top = "top";
    public static IReadOnlyList<string> All { get; } = [Quantile, Absolute, Top];
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
