namespace Workbench.Training.Leaf.Scoring;

/// <summary>
/// One sample's per-token scores from one scorer, before thresholding: teacher and student values on the scored region.
/// </summary>
/// <param name="Teacher">Teacher attribution (or, for the intervention scorer, e_T in nats).</param>
/// <param name="Student">Student attribution (or e_S).</param>
/// <param name="CompareRaw">True when both are on one scale (nats), so δ = Teacher − Student needs no normalization first.</param>
/// <param name="Scored">Tokens the scorer measured (the intervention's candidates); the others are never flagged. Null = all.</param>
public sealed record RawScores(double[] Teacher, double[] Student, bool CompareRaw, bool[]? Scored = null);
