using System.Globalization;
using System.Text.RegularExpressions;
using Workbench.Experiments;

namespace Workbench.Training.Leaf.Scoring;

/// <summary>
/// The edit of the intervention scorer's <c>numbers</c> candidates: every whole integer inside a span's text moved by
/// <c>by</c> ("has 7 apples" → "has 8 apples"), the rest of the prompt verbatim. Unlike a deletion the prompt keeps its
/// shape, so a model trained only on prompts of that shape is not pushed out of distribution; a model whose answer
/// depends on the number must change its answer, one that ignores it need not.
/// </summary>
public static partial class NumberEdits
{
    /// <summary>The prompt with the numbers of <paramref name="span"/> moved by <paramref name="by"/>; null when the span has
    /// none, or when a number would fall below 0.</summary>
    public static string? Shift(string prompt, IReadOnlyList<CharSpan> offsets, TokenSpan span, int by)
    {
        var (start, end) = (offsets[span.Start].Start, offsets[span.End - 1].End);
        var numbers = Integer().Matches(prompt[start..end]);
        if (numbers.Count == 0) return null;
        var edited = new System.Text.StringBuilder(prompt[..start]);
        var at = 0;
        foreach (Match m in numbers)
        {
            if (!long.TryParse(m.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value + by < 0) return null;
            edited.Append(prompt, start + at, m.Index - at).Append((value + by).ToString(CultureInfo.InvariantCulture));
            at = m.Index + m.Length;
        }
        return edited.Append(prompt, start + at, prompt.Length - start - at).ToString();
    }

    /// <summary>True when the span's text holds a whole integer.</summary>
    public static bool HasNumber(string prompt, IReadOnlyList<CharSpan> offsets, TokenSpan span) =>
        Integer().IsMatch(prompt[offsets[span.Start].Start..offsets[span.End - 1].End]);

    // A run of digits not inside a decimal or a grouped number ("3.5", "1,000" are left alone).
    [GeneratedRegex(@"(?<![\d.,])\d+(?![\d]|[.,]\d)")]
    private static partial Regex Integer();
}
