namespace Workbench.Experiments.Validation;

/// <summary>
/// Rules for text that is shown to people (names, tags, notes): no control characters (NUL, ANSI escapes), no
/// bidirectional overrides or isolates (U+202A–U+202E, U+2066–U+2069) that make a name read differently from
/// what it is, and no lone UTF-16 surrogates.
/// </summary>
public static class DisplayText
{
    /// <summary>Null when <paramref name="text"/> is acceptable, otherwise why not. Notes may keep line breaks and tabs.</summary>
    public static string? Problem(string text, bool allowLineBreaks = false)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (allowLineBreaks && c is '\n' or '\r' or '\t') continue;
            if (char.IsControl(c)) return $"Must not contain control characters (U+{(int)c:X4} at {i}).";
            if (c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069')
                return $"Must not contain bidirectional override characters (U+{(int)c:X4} at {i}).";
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c)) return $"Must not contain a lone UTF-16 surrogate (at {i}).";
        }
        return null;
    }
}
