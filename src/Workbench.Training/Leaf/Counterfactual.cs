namespace Workbench.Training.Leaf;

/// <summary>One counterfactual of a sample (spec §2.6, §3.1): the text with span <see cref="SpanIndex"/> deleted.</summary>
/// <param name="SpanIndex">Index of the span among the sample's kept spans (0-based, text order).</param>
/// <param name="Span">Token indices of the span within the scored region.</param>
/// <param name="Pruned">The pruned text and the removed character range.</param>
/// <param name="SpanDelta">Δ of each token of the span.</param>
public sealed record Counterfactual(int SpanIndex, TokenSpan Span, PrunedText Pruned, double[] SpanDelta)
{
    public double MeanDelta => SpanDelta.Average();
}
