using Workbench.Experiments;
using Workbench.Experiments.Leaf;

namespace Workbench.Training.Leaf;

/// <summary>
/// Groups a scored region's tokens into the units a flag decision covers (issue 14): sub-word tokens into whole words,
/// words into clauses. Works in character space, so it is the same for every tokenizer: a word is a maximal run of
/// non-whitespace characters; a clause ends after <c>. ? ! ; : ,</c> or a newline that is followed by whitespace or the
/// end of the text ("1,000" and "3.5" stay inside their clause). A token belongs to the unit holding its first
/// non-whitespace character; a whitespace-only token is a unit of its own.
/// </summary>
public static class SpanUnits
{
    /// <summary>Unit index of each token (0, 1, 2, … in text order), or null for <c>token</c> (every token its own unit).</summary>
    public static int[]? Of(string text, IReadOnlyList<CharSpan> tokenOffsets, string unit)
    {
        if (unit == LeafSpanUnits.Token) return null;
        if (!LeafSpanUnits.All.Contains(unit)) throw new ArgumentException($"Unknown span unit '{unit}' ({string.Join(", ", LeafSpanUnits.All)}).");
        var unitOfChar = UnitOfEachChar(text, unit);
        var units = new int[tokenOffsets.Count];
        var (lastKey, index) = (int.MinValue, -1);
        for (var i = 0; i < tokenOffsets.Count; i++)
        {
            var o = tokenOffsets[i];
            var c = o.Start;
            while (c < o.End && char.IsWhiteSpace(text[c])) c++;
            var key = c < o.End ? unitOfChar[c] : -1 - i;                  // whitespace-only: a unit of its own
            if (key != lastKey) (lastKey, index) = (key, index + 1);
            units[i] = index;
        }
        return units;
    }

    /// <summary>Token index ranges of each unit, in text order (a unit's tokens are consecutive).</summary>
    public static IReadOnlyList<TokenSpan> Spans(int[]? units, int tokenCount)
    {
        if (units is null) return [.. Enumerable.Range(0, tokenCount).Select(i => new TokenSpan(i, i + 1))];
        var spans = new List<TokenSpan>();
        for (var i = 0; i < units.Length; i++)
        {
            var start = i;
            while (i + 1 < units.Length && units[i + 1] == units[i]) i++;
            spans.Add(new TokenSpan(start, i + 1));
        }
        return spans;
    }

    /// <summary>
    /// Each unprotected token's value replaced by the mean over the unprotected tokens of its unit; protected tokens keep theirs.
    /// </summary>
    public static double[] Average(IReadOnlyList<double> values, int[] units, IReadOnlyList<bool> isProtected)
    {
        var sums = new Dictionary<int, (double Sum, int Count)>();
        for (var i = 0; i < values.Count; i++)
        {
            if (isProtected[i]) continue;
            var (sum, count) = sums.GetValueOrDefault(units[i]);
            sums[units[i]] = (sum + values[i], count + 1);
        }
        var averaged = new double[values.Count];
        for (var i = 0; i < values.Count; i++)
            averaged[i] = isProtected[i] ? values[i] : sums[units[i]].Sum / sums[units[i]].Count;
        return averaged;
    }

    /// <summary>Protection widened to whole units: a unit with any token in <paramref name="seeds"/> is protected entirely.</summary>
    public static bool[] Widen(IReadOnlyList<bool> seeds, int[]? units)
    {
        if (units is null) return [.. seeds];
        var hit = new HashSet<int>(Enumerable.Range(0, seeds.Count).Where(i => seeds[i]).Select(i => units[i]));
        return [.. units.Select(u => hit.Contains(u))];
    }

    private static int[] UnitOfEachChar(string text, string unit)
    {
        var ids = new int[text.Length];
        var current = 0;
        var inWord = false;
        for (var c = 0; c < text.Length; c++)
        {
            var space = char.IsWhiteSpace(text[c]);
            if (unit == LeafSpanUnits.Word)
            {
                if (!space && !inWord && c > 0) current++;
                inWord = !space;
            }
            ids[c] = current;
            if (unit == LeafSpanUnits.Clause && EndsClause(text, c)) current++;
        }
        return ids;
    }

    private static bool EndsClause(string text, int c) =>
        text[c] == '\n' || (".?!;:,".Contains(text[c]) && (c + 1 == text.Length || char.IsWhiteSpace(text[c + 1])));
}
