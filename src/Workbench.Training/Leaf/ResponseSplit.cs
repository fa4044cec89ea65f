using System.Text.RegularExpressions;
using Workbench.Experiments;

namespace Workbench.Training.Leaf;

/// <summary>
/// A response cut into segments for response-level detection (spec §2.7 [wb]): earlier segments become context
/// (and the scored region), the last one the supervised remainder. Concatenating the segments gives the response back.
/// </summary>
/// <param name="Boundaries">Character indices where each later segment starts (increasing, inside the response).</param>
/// <param name="Segments">The pieces; each earlier one keeps the newline(s) that end it.</param>
public sealed partial record ResponseSplit(IReadOnlyList<int> Boundaries, IReadOnlyList<string> Segments)
{
    /// <summary>The first segment (the context prefix of a 2-segment split).</summary>
    public string Prefix => Segments[0];

    /// <summary>Everything after the first boundary.</summary>
    public string Remainder => string.Concat(Segments.Skip(1));

    /// <summary>
    /// Splits <paramref name="response"/> at step boundaries: blank lines if it has enough of them, else single
    /// newlines. Boundary k goes to the candidate with the number of tokens before it nearest k·n/segments (earlier
    /// on ties).
    /// Null when the response has too few boundaries with text on both sides.
    /// </summary>
    /// <param name="response">The target response y.</param>
    /// <param name="tokenOffsets">Character ranges of the response's tokens (the midpoint is counted in tokens).</param>
    /// <param name="segments">2 (default) or 3.</param>
    public static ResponseSplit? Find(string response, IReadOnlyList<CharSpan> tokenOffsets, int segments = 2)
    {
        if (segments is < 2 or > 3) throw new ArgumentException($"Segments must be 2 or 3 (got {segments}).");
        if (tokenOffsets.Count < segments) return null;

        var boundaries = Choose(Candidates(response, BlankLine()), tokenOffsets, segments)
                         ?? Choose(Candidates(response, Newline()), tokenOffsets, segments);
        if (boundaries is null) return null;

        var cuts = boundaries.Prepend(0).Append(response.Length).ToArray();
        return new ResponseSplit(boundaries, [.. cuts.Zip(cuts.Skip(1), (a, b) => response[a..b])]);
    }

    // A boundary is the index just after a run of newlines, with non-blank text before and after it.
    private static List<int> Candidates(string response, Regex separator) =>
        [.. separator.Matches(response).Select(m => m.Index + m.Length)
                     .Where(end => !string.IsNullOrWhiteSpace(response[..end]) && !string.IsNullOrWhiteSpace(response[end..]))];

    // Distance is counted in tokens: a boundary at character c has every token starting before c on its left.
    private static int[]? Choose(List<int> candidates, IReadOnlyList<CharSpan> tokenOffsets, int segments)
    {
        double TokensBefore(int c) => tokenOffsets.Count(o => o.Start < c);
        var chosen = new int[segments - 1];
        var previous = -1;
        for (var k = 1; k < segments; k++)
        {
            var target = (double)k * tokenOffsets.Count / segments;
            var later = candidates.Where(c => c > previous).ToList();
            if (later.Count < segments - k) return null;
            var allowed = later.Take(later.Count - (segments - 1 - k));     // leave one candidate per boundary still to place
            previous = chosen[k - 1] = allowed.MinBy(c => Math.Abs(TokensBefore(c) - target));
        }
        return chosen;
    }

    [GeneratedRegex(@"\n[ \t\r]*\n[\s]*")]
    private static partial Regex BlankLine();

    [GeneratedRegex(@"\n[\s]*")]
    private static partial Regex Newline();
}
