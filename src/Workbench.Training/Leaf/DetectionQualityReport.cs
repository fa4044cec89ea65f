namespace Workbench.Training.Leaf;

/// <summary>LeaF's detection quality beside two baselines that flag as many tokens per sample on the same samples.</summary>
/// <param name="Leaf">Teacher-vs-student flags.</param>
/// <param name="StudentOnly">The tokens with the highest student saliency alone.</param>
/// <param name="Random">Tokens drawn at random (seeded).</param>
public sealed record DetectionQualityReport(QualityScores Leaf, QualityScores StudentOnly, QualityScores Random);
