namespace Workbench.Experiments.Leaf;

/// <summary>
/// One training sample as stage 1 saw it, for storage and the token heatmap. Arrays run over the scored region
/// (the prompt's content tokens); raw norms are kept so a new ρ/τ can re-derive flags without gradients.
/// </summary>
/// <param name="Index">Index of the sample in the training split.</param>
/// <param name="Prompt">The original prompt text; <see cref="TokenStarts"/>/<see cref="TokenEnds"/> are character offsets into it.</param>
/// <param name="Status">"ok", "flat", "too_short" or "failed" (NaN saliency).</param>
/// <param name="TeacherRaw">Teacher ‖∂ℓ/∂E_i‖₂ (student tokens; mapped by character overlap when the tokenizers differ).</param>
/// <param name="Delta">Δ: teacher-minus-student difference after the second min-max normalisation; low = confounding.</param>
/// <param name="Threshold">τ_eff the flags were derived with.</param>
/// <param name="Spans">Flagged spans as [start, end) token indices into the arrays.</param>
/// <param name="GoldSpans">Known distractor character ranges [start, end) in <see cref="Prompt"/>, when the dataset has them.</param>
/// <param name="Counterfactuals">The pruned prompt of each span, in span order.</param>
/// <param name="CounterfactualFixes">With flip verification on: whether pruning each span made the answer right (kept only then).</param>
public sealed record DetectedSample(
    int Index,
    string Prompt,
    string Answer,
    string Status,
    string[] Tokens,
    int[] TokenStarts,
    int[] TokenEnds,
    bool[] Protected,
    float[] TeacherRaw,
    float[] StudentRaw,
    float[] TeacherNormalized,
    float[] StudentNormalized,
    float[] Delta,
    double Threshold,
    int[][] Spans,
    int[][] GoldSpans,
    string[] Counterfactuals,
    bool? TeacherCorrect = null,
    bool? StudentCorrect = null,
    bool[]? CounterfactualFixes = null)
{
    /// <summary>
    /// On detection-leaderboard samples: the spans every scorer flags at the run's unit and threshold, by scorer name
    /// (for the heatmap's scorer-against-scorer view); null elsewhere.
    /// </summary>
    public IReadOnlyDictionary<string, int[][]>? ScorerSpans { get; init; }
    /// <summary>On detection-leaderboard samples: every scorer's Δ (low = confounding), by scorer name.</summary>
    public IReadOnlyDictionary<string, float[]>? ScorerDelta { get; init; }

    public bool IsFlagged(int token) => Spans.Any(s => token >= s[0] && token < s[1]);
}

/// <summary>Where a LeaF run is: stage 1 (detection) or stage 2 (training), with the stage's own progress.</summary>
public sealed record RunStageProgress(string Stage, int Done, int Total)
{
    public const string Detection = "detection";
    public const string Training = "training";
}
