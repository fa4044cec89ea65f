namespace Workbench.Training.Leaf;

/// <summary>
/// Everything <see cref="ConfounderDetector.Detect"/> derives for one sample's scored region (n tokens); every
/// array has length n. Values are 0 and nothing is flagged unless <see cref="Status"/> is <see cref="DetectionStatus.Ok"/>
/// (the normalized rows are still filled where their range is not 0, for display).
/// </summary>
/// <param name="Status">Whether flags were derived.</param>
/// <param name="TeacherNormalized">ĝᵀ: teacher norms min-max normalized over the region.</param>
/// <param name="StudentNormalized">ĝˢ: student norms, likewise.</param>
/// <param name="Difference">δ = ĝᵀ − ĝˢ (low: the student reacts to the token, the teacher does not).</param>
/// <param name="Delta">Δ: δ min-max normalized a second time, in [0, 1] (the reference's scale, §2.3).</param>
/// <param name="Threshold">τ_eff: flag Δ ≤ τ_eff (quantile) or Δ &lt; τ_eff (absolute); 0 unless Ok.</param>
/// <param name="Flagged">Confounding tokens (protected tokens never are).</param>
/// <param name="Spans">Maximal runs of flagged tokens, in order, limited by MaxSpansPerSample.</param>
/// <param name="SpanCountBeforeLimit">Spans found before MaxSpansPerSample dropped any.</param>
public sealed record TokenDetection(
    DetectionStatus Status,
    double[] TeacherNormalized,
    double[] StudentNormalized,
    double[] Difference,
    double[] Delta,
    double Threshold,
    bool[] Flagged,
    IReadOnlyList<TokenSpan> Spans,
    int SpanCountBeforeLimit)
{
    /// <summary>Mean Δ over the tokens of <paramref name="span"/>.</summary>
    public double MeanDelta(TokenSpan span) => Delta[span.Start..span.End].Average();
}
