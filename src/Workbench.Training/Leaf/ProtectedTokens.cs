using Workbench.Experiments;

namespace Workbench.Training.Leaf;

/// <summary>
/// Tokens LeaF never flags (spec §2.5, as the reference does): whitespace-only or empty text, a newline, a single
/// backslash. They still count in the quantile and in the min-max ranges.
/// </summary>
public static class ProtectedTokens
{
    /// <summary>
    /// True when the token may not be pruned. Pass the token's decoded text (the characters it adds to the string,
    /// e.g. " " for SentencePiece's "▁"), not its vocabulary piece.
    /// </summary>
    public static bool IsProtected(string tokenText) =>
        string.IsNullOrWhiteSpace(tokenText) || tokenText == "\n" || tokenText == "\\";

    /// <summary>Protection of each token of <paramref name="text"/>, read from its character offsets.</summary>
    public static bool[] Of(string text, IReadOnlyList<CharSpan> tokenOffsets) =>
        [.. tokenOffsets.Select(o => IsProtected(text[o.Start..o.End]))];
}
