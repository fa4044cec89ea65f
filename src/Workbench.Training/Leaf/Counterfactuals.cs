using Workbench.Experiments;

namespace Workbench.Training.Leaf;

/// <summary>
/// Span pruning by deletion in text space (spec §3.1 [wb]): cut one span's characters out of the text, keep every
/// other character verbatim. The caller re-renders the template and re-tokenizes for each model.
/// </summary>
public static class Counterfactuals
{
    /// <summary>
    /// Deletes <c>[start of the span's first token, including the whitespace just before it, end of its last token)</c>.
    /// The whitespace taken is only the gap after the previous token (or from the start of the text), never the text of
    /// another token, so a protected newline token before the span survives.
    /// </summary>
    /// <param name="text">The text the offsets index (e.g. the instruction X or a response prefix).</param>
    /// <param name="tokenOffsets">Character range of every token of the scored region, in order.</param>
    /// <param name="span">Token indices into <paramref name="tokenOffsets"/>.</param>
    public static PrunedText Prune(string text, IReadOnlyList<CharSpan> tokenOffsets, TokenSpan span)
    {
        if (span.Start < 0 || span.End > tokenOffsets.Count || span.Length < 1)
            throw new ArgumentException($"Span [{span.Start}, {span.End}) does not lie within the {tokenOffsets.Count} tokens.");
        var (first, last) = (tokenOffsets[span.Start], tokenOffsets[span.End - 1]);
        if (first.Start < 0 || last.End > text.Length || last.End < first.Start)
            throw new ArgumentException($"Offsets [{first.Start}, {last.End}) do not lie within the text of {text.Length} characters.");

        var floor = span.Start > 0 ? Math.Min(tokenOffsets[span.Start - 1].End, first.Start) : 0;
        var start = first.Start;
        while (start > floor && char.IsWhiteSpace(text[start - 1])) start--;

        var removed = new CharSpan(start, last.End);
        return new PrunedText(string.Concat(text.AsSpan(0, removed.Start), text.AsSpan(removed.End)), removed);
    }

    /// <summary>
    /// One counterfactual per span of <paramref name="detection"/> (already limited by MaxSpansPerSample). A sample
    /// that is not <see cref="DetectionStatus.Ok"/> or has no span contributes none ([wb], §2.6).
    /// </summary>
    public static IReadOnlyList<Counterfactual> ForSample(string text, IReadOnlyList<CharSpan> tokenOffsets, TokenDetection detection)
    {
        if (detection.Status != DetectionStatus.Ok) return [];
        if (detection.Delta.Length != tokenOffsets.Count)
            throw new ArgumentException($"The detection covers {detection.Delta.Length} tokens but there are {tokenOffsets.Count} offsets.");
        return [.. detection.Spans.Select((span, j) =>
            new Counterfactual(j, span, Prune(text, tokenOffsets, span), detection.Delta[span.Start..span.End]))];
    }
}
