using System.Globalization;
using System.Text;

namespace Workbench.ModelFolders.ChatTemplates.Jinja;

/// <summary>
/// Python's str semantics where .NET's differ: a string is a sequence of code points (an emoji has length 1), case
/// mapping is the full Unicode mapping ("ß".upper() is "SS", a final "Σ" lowers to "ς"), and whitespace includes
/// U+001C–U+001F as <c>str.isspace</c> says.
/// </summary>
internal static class PythonText
{
    // Python 3 (Unicode 14) mappings whose result is more than one code point: "source, result, NUL" repeated.
    private const string MultiUpper = "\u00DF\u0053\u0053\u0000\u0149\u02BC\u004E\u0000\u01F0\u004A\u030C\u0000\u0390\u0399\u0308\u0301\u0000\u03B0\u03A5\u0308\u0301\u0000\u0587\u0535\u0552\u0000\u1E96\u0048\u0331\u0000\u1E97\u0054\u0308\u0000\u1E98\u0057\u030A\u0000\u1E99\u0059\u030A\u0000\u1E9A\u0041\u02BE\u0000\u1F50\u03A5\u0313\u0000\u1F52\u03A5\u0313\u0300\u0000\u1F54\u03A5\u0313\u0301\u0000\u1F56\u03A5\u0313\u0342\u0000\u1F80\u1F08\u0399\u0000\u1F81\u1F09\u0399\u0000\u1F82\u1F0A\u0399\u0000\u1F83\u1F0B\u0399\u0000\u1F84\u1F0C\u0399\u0000\u1F85\u1F0D\u0399\u0000\u1F86\u1F0E\u0399\u0000\u1F87\u1F0F\u0399\u0000\u1F88\u1F08\u0399\u0000\u1F89\u1F09\u0399\u0000\u1F8A\u1F0A\u0399\u0000\u1F8B\u1F0B\u0399\u0000\u1F8C\u1F0C\u0399\u0000\u1F8D\u1F0D\u0399\u0000\u1F8E\u1F0E\u0399\u0000\u1F8F\u1F0F\u0399\u0000\u1F90\u1F28\u0399\u0000\u1F91\u1F29\u0399\u0000\u1F92\u1F2A\u0399\u0000\u1F93\u1F2B\u0399\u0000\u1F94\u1F2C\u0399\u0000\u1F95\u1F2D\u0399\u0000\u1F96\u1F2E\u0399\u0000\u1F97\u1F2F\u0399\u0000\u1F98\u1F28\u0399\u0000\u1F99\u1F29\u0399\u0000\u1F9A\u1F2A\u0399\u0000\u1F9B\u1F2B\u0399\u0000\u1F9C\u1F2C\u0399\u0000\u1F9D\u1F2D\u0399\u0000\u1F9E\u1F2E\u0399\u0000\u1F9F\u1F2F\u0399\u0000\u1FA0\u1F68\u0399\u0000\u1FA1\u1F69\u0399\u0000\u1FA2\u1F6A\u0399\u0000\u1FA3\u1F6B\u0399\u0000\u1FA4\u1F6C\u0399\u0000\u1FA5\u1F6D\u0399\u0000\u1FA6\u1F6E\u0399\u0000\u1FA7\u1F6F\u0399\u0000\u1FA8\u1F68\u0399\u0000\u1FA9\u1F69\u0399\u0000\u1FAA\u1F6A\u0399\u0000\u1FAB\u1F6B\u0399\u0000\u1FAC\u1F6C\u0399\u0000\u1FAD\u1F6D\u0399\u0000\u1FAE\u1F6E\u0399\u0000\u1FAF\u1F6F\u0399\u0000\u1FB2\u1FBA\u0399\u0000\u1FB3\u0391\u0399\u0000\u1FB4\u0386\u0399\u0000\u1FB6\u0391\u0342\u0000\u1FB7\u0391\u0342\u0399\u0000\u1FBC\u0391\u0399\u0000\u1FC2\u1FCA\u0399\u0000\u1FC3\u0397\u0399\u0000\u1FC4\u0389\u0399\u0000\u1FC6\u0397\u0342\u0000\u1FC7\u0397\u0342\u0399\u0000\u1FCC\u0397\u0399\u0000\u1FD2\u0399\u0308\u0300\u0000\u1FD3\u0399\u0308\u0301\u0000\u1FD6\u0399\u0342\u0000\u1FD7\u0399\u0308\u0342\u0000\u1FE2\u03A5\u0308\u0300\u0000\u1FE3\u03A5\u0308\u0301\u0000\u1FE4\u03A1\u0313\u0000\u1FE6\u03A5\u0342\u0000\u1FE7\u03A5\u0308\u0342\u0000\u1FF2\u1FFA\u0399\u0000\u1FF3\u03A9\u0399\u0000\u1FF4\u038F\u0399\u0000\u1FF6\u03A9\u0342\u0000\u1FF7\u03A9\u0342\u0399\u0000\u1FFC\u03A9\u0399\u0000\uFB00\u0046\u0046\u0000\uFB01\u0046\u0049\u0000\uFB02\u0046\u004C\u0000\uFB03\u0046\u0046\u0049\u0000\uFB04\u0046\u0046\u004C\u0000\uFB05\u0053\u0054\u0000\uFB06\u0053\u0054\u0000\uFB13\u0544\u0546\u0000\uFB14\u0544\u0535\u0000\uFB15\u0544\u053B\u0000\uFB16\u054E\u0546\u0000\uFB17\u0544\u053D\u0000";
    private const string MultiTitle = "\u00DF\u0053\u0073\u0000\u0149\u02BC\u004E\u0000\u01F0\u004A\u030C\u0000\u0390\u0399\u0308\u0301\u0000\u03B0\u03A5\u0308\u0301\u0000\u0587\u0535\u0582\u0000\u1E96\u0048\u0331\u0000\u1E97\u0054\u0308\u0000\u1E98\u0057\u030A\u0000\u1E99\u0059\u030A\u0000\u1E9A\u0041\u02BE\u0000\u1F50\u03A5\u0313\u0000\u1F52\u03A5\u0313\u0300\u0000\u1F54\u03A5\u0313\u0301\u0000\u1F56\u03A5\u0313\u0342\u0000\u1FB2\u1FBA\u0345\u0000\u1FB4\u0386\u0345\u0000\u1FB6\u0391\u0342\u0000\u1FB7\u0391\u0342\u0345\u0000\u1FC2\u1FCA\u0345\u0000\u1FC4\u0389\u0345\u0000\u1FC6\u0397\u0342\u0000\u1FC7\u0397\u0342\u0345\u0000\u1FD2\u0399\u0308\u0300\u0000\u1FD3\u0399\u0308\u0301\u0000\u1FD6\u0399\u0342\u0000\u1FD7\u0399\u0308\u0342\u0000\u1FE2\u03A5\u0308\u0300\u0000\u1FE3\u03A5\u0308\u0301\u0000\u1FE4\u03A1\u0313\u0000\u1FE6\u03A5\u0342\u0000\u1FE7\u03A5\u0308\u0342\u0000\u1FF2\u1FFA\u0345\u0000\u1FF4\u038F\u0345\u0000\u1FF6\u03A9\u0342\u0000\u1FF7\u03A9\u0342\u0345\u0000\uFB00\u0046\u0066\u0000\uFB01\u0046\u0069\u0000\uFB02\u0046\u006C\u0000\uFB03\u0046\u0066\u0069\u0000\uFB04\u0046\u0066\u006C\u0000\uFB05\u0053\u0074\u0000\uFB06\u0053\u0074\u0000\uFB13\u0544\u0576\u0000\uFB14\u0544\u0565\u0000\uFB15\u0544\u056B\u0000\uFB16\u054E\u0576\u0000\uFB17\u0544\u056D\u0000";
    private const string MultiLower = "\u0130\u0069\u0307\u0000";

    private static readonly Dictionary<int, string> s_upper = Parse(MultiUpper), s_title = Parse(MultiTitle), s_lower = Parse(MultiLower);

    /// <summary>The code points of <paramref name="s"/>, each as a string (one or two UTF-16 units).</summary>
    public static List<string> CodePoints(string s)
    {
        var points = new List<string>(s.Length);
        foreach (var rune in s.EnumerateRunes()) points.Add(rune.ToString());
        return points;
    }

    public static int Length(string s)
    {
        var n = 0;
        foreach (var _ in s.EnumerateRunes()) n++;
        return n;
    }

    public static string Upper(string s) => Map(s, s_upper, Rune.ToUpperInvariant);

    public static string Lower(string s)
    {
        var text = new StringBuilder(s.Length);
        var runes = s.EnumerateRunes().ToList();
        for (var i = 0; i < runes.Count; i++)
        {
            var r = runes[i];
            if (r.Value == 0x03A3 && IsFinalSigma(runes, i)) text.Append('\u03C2');
            else text.Append(s_lower.TryGetValue(r.Value, out var many) ? many : Rune.ToLowerInvariant(r).ToString());
        }
        return text.ToString();
    }

    /// <summary>The title-case form of one code point (Python's <c>c.title()</c>): "ß" gives "Ss", "ǆ" gives "ǅ".</summary>
    public static string TitleOf(Rune r) => s_title.TryGetValue(r.Value, out var many) ? many : TitleRune(r).ToString();

    /// <summary>str.capitalize: the first code point in title case, the rest lower case.</summary>
    public static string Capitalize(string s)
    {
        if (s.Length == 0) return s;
        var first = Rune.GetRuneAt(s, 0);
        return TitleOf(first) + Lower(s[first.Utf16SequenceLength..]);
    }

    /// <summary>str.title: a cased letter after an uncased character starts a word.</summary>
    public static string Title(string s)
    {
        var text = new StringBuilder(s.Length);
        var previousIsCased = false;
        foreach (var r in s.EnumerateRunes())
        {
            text.Append(previousIsCased ? Lower(r.ToString()) : TitleOf(r));
            previousIsCased = IsCased(r);
        }
        return text.ToString();
    }

    /// <summary>
    /// Jinja's <c>title</c> filter (not str.title): the text split before runs of "-", whitespace and opening brackets,
    /// each piece's first code point upper-cased (so "ß" gives "SS") and the rest lower-cased.
    /// </summary>
    public static string TitleFilter(string s) => string.Concat(s_wordBeginnings.Split(s).Where(p => p.Length > 0).Select(p =>
    {
        var first = Rune.GetRuneAt(p, 0);
        return Upper(first.ToString()) + Lower(p[first.Utf16SequenceLength..]);
    }));

    private static readonly System.Text.RegularExpressions.Regex s_wordBeginnings = new(@"([-\s({\[<]+)");

    /// <summary>str.isspace for one character: .NET's white space plus the separators U+001C–U+001F.</summary>
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is >= '\u001C' and <= '\u001F';

    public static string Strip(string s, bool left, bool right)
    {
        var (start, end) = (0, s.Length);
        if (left) while (start < end && IsSpace(s[start])) start++;
        if (right) while (end > start && IsSpace(s[end - 1])) end--;
        return s[start..end];
    }

    /// <summary>str.strip(chars): removes any of the code points of <paramref name="chars"/> from the ends.</summary>
    public static string Strip(string s, string chars, bool left, bool right)
    {
        var set = CodePoints(chars).ToHashSet(StringComparer.Ordinal);
        var points = CodePoints(s);
        var (start, end) = (0, points.Count);
        if (left) while (start < end && set.Contains(points[start])) start++;
        if (right) while (end > start && set.Contains(points[end - 1])) end--;
        return string.Concat(points.Skip(start).Take(end - start));
    }

    private static string Map(string s, Dictionary<int, string> multi, Func<Rune, Rune> single)
    {
        var text = new StringBuilder(s.Length);
        foreach (var r in s.EnumerateRunes()) text.Append(multi.TryGetValue(r.Value, out var many) ? many : single(r).ToString());
        return text.ToString();
    }

    // Title case of a single code point: the digraphs have their own title letters; everything else is upper case.
    private static Rune TitleRune(Rune r) => r.Value switch
    {
        0x01C4 or 0x01C5 or 0x01C6 => new Rune(0x01C5),
        0x01C7 or 0x01C8 or 0x01C9 => new Rune(0x01C8),
        0x01CA or 0x01CB or 0x01CC => new Rune(0x01CB),
        0x01F1 or 0x01F2 or 0x01F3 => new Rune(0x01F2),
        _ => Rune.ToUpperInvariant(r),
    };

    private static bool IsCased(Rune r) => Rune.GetUnicodeCategory(r) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
        or UnicodeCategory.TitlecaseLetter || Rune.ToUpperInvariant(r) != r || Rune.ToLowerInvariant(r) != r;

    private static bool IsCaseIgnorable(Rune r) => r.Value is '\'' or '.' or ':' or '^' or '`' or 0x00B7 or 0x2019
        || Rune.GetUnicodeCategory(r) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format
            or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol;

    // Unicode's Final_Sigma: a cased letter before (skipping case-ignorables) and none after.
    private static bool IsFinalSigma(List<Rune> runes, int at)
    {
        var before = at - 1;
        while (before >= 0 && IsCaseIgnorable(runes[before])) before--;
        if (before < 0 || !IsCased(runes[before])) return false;
        var after = at + 1;
        while (after < runes.Count && IsCaseIgnorable(runes[after])) after++;
        return after >= runes.Count || !IsCased(runes[after]);
    }

    private static Dictionary<int, string> Parse(string table)
    {
        var map = new Dictionary<int, string>();
        foreach (var entry in table.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var source = Rune.GetRuneAt(entry, 0);
            map[source.Value] = entry[source.Utf16SequenceLength..];
        }
        return map;
    }
}
