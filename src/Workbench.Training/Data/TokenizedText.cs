using Workbench.Experiments;

namespace Workbench.Training.Data;

/// <summary>Token ids of a text with the character range of each token in that text.</summary>
/// <param name="Ids">One id per token.</param>
/// <param name="Offsets">Offsets[i] is the range of token i in the text (no surrounding spaces).</param>
public sealed record TokenizedText(int[] Ids, IReadOnlyList<CharSpan> Offsets)
{
    /// <summary>
    /// Indices of the tokens that share at least one character with <paramref name="span"/>, in order. In an
    /// <see cref="ArithmeticProblem.TokenIds"/> sequence the prompt starts after &lt;bos&gt;, so add 1 there.
    /// </summary>
    public int[] TokensCovering(CharSpan span) =>
        [.. Enumerable.Range(0, Offsets.Count).Where(i => Offsets[i].Overlaps(span))];
}
