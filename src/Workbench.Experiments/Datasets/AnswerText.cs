using System.Globalization;
using System.Text.Json;

namespace Workbench.Experiments.Datasets;

/// <summary>
/// Reads a line's "answer": a string as written; a number as its canonical decimal text (<c>42</c> → "42",
/// <c>3.50</c> → "3.5", <c>1e3</c> → "1000", <c>-0.0</c> → "0", <c>2.5E-3</c> → "0.0025"); <c>true</c> / <c>false</c> as
/// "true" / "false"; null as no answer. Arrays and objects are refused.
/// </summary>
/// <remarks>
/// The number is rewritten from its JSON text digit by digit, never through <c>double</c>, so no digit is lost or invented
/// (0.1 stays "0.1", 12345678901234567890 stays as it is). Only a value needing more than
/// <see cref="MaxPlainLength"/> characters written out is kept in exponent form, normalised the same way (<c>1.50E+300</c> → "1.5e300").
/// </remarks>
public static class AnswerText
{
    private const string Field = "answer";
    public const int MaxPlainLength = 40;

    internal static string? Read(JsonElement element, Action<string, string> fail)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                var text = JsonlLineReader.Text(element);
                if (text is null) fail(Field, JsonlLineReader.LoneSurrogate);
                return text;
            case JsonValueKind.Number: return CanonicalNumber(element.GetRawText());
            case JsonValueKind.True: return "true";
            case JsonValueKind.False: return "false";
            case JsonValueKind.Null: return null;
            default:
                fail(Field, $"Must be a string, a number or a boolean, found {JsonlLineReader.Describe(element.ValueKind)}.");
                return null;
        }
    }

    /// <summary>The canonical text of a JSON number (its grammar: <c>-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?</c>).</summary>
    public static string CanonicalNumber(string json)
    {
        var negative = json.StartsWith('-');
        var text = negative ? json[1..] : json;
        var e = text.IndexOfAny(['e', 'E']);
        var mantissa = e < 0 ? text : text[..e];
        long exponent = 0;
        // An exponent beyond ±10^9 is no answer anyone means; keep what was written rather than overflow.
        if (e >= 0 && !long.TryParse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent)
            || Math.Abs(exponent) > 1_000_000_000)
            return json;
        var dot = mantissa.IndexOf('.');
        var digits = dot < 0 ? mantissa : string.Concat(mantissa.AsSpan(0, dot), mantissa.AsSpan(dot + 1));
        var scale = exponent - (dot < 0 ? 0 : mantissa.Length - dot - 1);   // value = digits × 10^scale

        digits = digits.TrimStart('0');
        if (digits.Length == 0) return "0";                                  // -0, 0.000, 0e5
        var significant = digits.TrimEnd('0');
        scale += digits.Length - significant.Length;
        digits = significant;

        var body = Plain(digits, scale) ?? Scientific(digits, scale);
        return negative ? "-" + body : body;
    }

    private static string? Plain(string digits, long scale)
    {
        if (scale >= 0)
            return digits.Length + scale <= MaxPlainLength ? digits + new string('0', (int)scale) : null;
        var fraction = -scale;
        if (fraction < digits.Length) return digits[..^(int)fraction] + "." + digits[^(int)fraction..];
        var leadingZeros = fraction - digits.Length;
        return 2 + leadingZeros + digits.Length <= MaxPlainLength ? "0." + new string('0', (int)leadingZeros) + digits : null;
    }

    private static string Scientific(string digits, long scale) =>
        digits[..1] + (digits.Length > 1 ? "." + digits[1..] : "") + "e" + (scale + digits.Length - 1).ToString(CultureInfo.InvariantCulture);
}
