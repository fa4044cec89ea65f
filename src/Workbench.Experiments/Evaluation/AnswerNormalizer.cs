using System.Globalization;
using System.Text.RegularExpressions;

namespace Workbench.Experiments.Evaluation;

/// <summary>
/// The canonical form answers are compared in: numbers as numbers (1,000 = 1000 = 1000.0; .5 = 0.5; -3), other text trimmed,
/// whitespace collapsed, final punctuation dropped and lower-cased.
/// </summary>
public static partial class AnswerNormalizer
{
    public static string Normalize(string answer)
    {
        var text = WhitespacePattern().Replace(answer.Trim(), " ").TrimEnd('.', ',', '!', '?', ';', ':', ' ').TrimStart();
        var number = text.StartsWith('$') ? text[1..] : text;
        if (ThousandsPattern().IsMatch(number)) number = number.Replace(",", "");
        if (PlainNumberPattern().IsMatch(number)
            && decimal.TryParse(number, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            return value == 0 ? "0" : value.ToString("G29", CultureInfo.InvariantCulture);
        return text.ToLowerInvariant();
    }

    public static bool AreEqual(string a, string b) => Normalize(a) == Normalize(b);

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();

    [GeneratedRegex(@"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$")]
    private static partial Regex ThousandsPattern();

    [GeneratedRegex(@"^[-+]?(\d+(\.\d*)?|\.\d+)$")]
    private static partial Regex PlainNumberPattern();
}
