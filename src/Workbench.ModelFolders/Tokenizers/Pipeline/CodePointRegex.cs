using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Workbench.ModelFolders.Tokenizers.Pipeline;

/// <summary>
/// A pre-tokenizer regex matched over code points, as the <c>tokenizers</c> library (Oniguruma on UTF-8) matches it.
/// .NET's regex sees UTF-16 units, so a letter outside the Basic Multilingual Plane (𝐀, U+1D400) would be two surrogates
/// that <c>\p{L}</c> does not match. Before matching, every such code point is replaced by one stand-in BMP character of
/// the same Unicode category (a letter by a letter, a digit by a digit, an emoji by a symbol), so every <c>\p{…}</c>,
/// <c>\s</c>, <c>\w</c> and <c>.</c> decides as it would on the code point; matches are mapped back to the real text.
/// </summary>
internal sealed class CodePointRegex
{
    private static readonly Dictionary<UnicodeCategory, char> s_standIns = FindStandIns();
    private readonly Regex _regex;

    public CodePointRegex(string pattern)
    {
        _regex = new Regex(pattern, RegexOptions.CultureInvariant);
    }

    public string Pattern => _regex.ToString();

    /// <summary>The non-overlapping matches in <paramref name="text"/>, left to right, as [start, end) ranges of its units.</summary>
    public List<(int Start, int End)> Matches(string text)
    {
        var (shadow, positions) = Shadow(text);
        var matches = new List<(int, int)>();
        for (var m = _regex.Match(shadow); m.Success; m = m.NextMatch())
            matches.Add((positions[m.Index], positions[m.Index + m.Length]));
        return matches;
    }

    // The text with each astral code point as one stand-in unit, and each shadow index's position in the text.
    private static (string Shadow, int[] Positions) Shadow(string text)
    {
        var hasAstral = false;
        foreach (var c in text) if (char.IsSurrogate(c)) { hasAstral = true; break; }
        if (!hasAstral) return (text, Enumerable.Range(0, text.Length + 1).ToArray());

        var shadow = new StringBuilder(text.Length);
        var positions = new List<int>(text.Length + 1);
        for (var i = 0; i < text.Length;)
        {
            positions.Add(i);
            if (Rune.TryGetRuneAt(text, i, out var rune) && rune.Utf16SequenceLength == 2)
            {
                shadow.Append(s_standIns.GetValueOrDefault(Rune.GetUnicodeCategory(rune), '\uE000'));
                i += 2;
            }
            else shadow.Append(text[i++]);
        }
        positions.Add(text.Length);
        return (shadow.ToString(), [.. positions]);
    }

    // For each category, the first BMP character of it above Latin-1 (so no ASCII literal of a pattern matches it).
    private static Dictionary<UnicodeCategory, char> FindStandIns()
    {
        var standIns = new Dictionary<UnicodeCategory, char>();
        for (var c = 0x100; c <= 0xFFFD; c++)
        {
            if (c is >= 0xD800 and <= 0xDFFF) continue;
            var category = CharUnicodeInfo.GetUnicodeCategory((char)c);
            if (char.IsWhiteSpace((char)c)) continue;
            standIns.TryAdd(category, (char)c);
        }
        return standIns;
    }
}
