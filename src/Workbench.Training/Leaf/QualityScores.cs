namespace Workbench.Training.Leaf;

/// <summary>How well one method's flags match the gold spans, micro-averaged over tokens (see <see cref="DetectionQuality"/>).</summary>
/// <param name="Samples">Samples scored.</param>
/// <param name="FlaggedTokens">Tokens flagged, all samples.</param>
/// <param name="GoldTokens">Unprotected tokens inside gold spans, all samples.</param>
/// <param name="TruePositives">Flagged tokens inside gold spans.</param>
/// <param name="Precision">TruePositives / FlaggedTokens (0 when nothing is flagged).</param>
/// <param name="Recall">TruePositives / GoldTokens (0 when there is no gold token).</param>
/// <param name="F1">Harmonic mean of precision and recall (0 when both are 0).</param>
/// <param name="HitRate">Share of samples with at least one flagged token inside a gold span.</param>
/// <param name="MostlyInsideShare">Share of samples with more than half of their flagged tokens inside gold spans.</param>
/// <param name="SpanPrecision">Share of flagged spans (maximal runs of flagged tokens) that overlap a gold span.</param>
/// <param name="SpanRecall">Share of gold spans that at least one flagged token overlaps.</param>
/// <param name="SpanF1">Harmonic mean of the two span-level figures.</param>
public sealed record QualityScores(
    int Samples, int FlaggedTokens, int GoldTokens, int TruePositives,
    double Precision, double Recall, double F1, double HitRate, double MostlyInsideShare,
    double SpanPrecision = 0, double SpanRecall = 0, double SpanF1 = 0);
