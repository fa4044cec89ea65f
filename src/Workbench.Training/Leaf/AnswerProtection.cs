using System.Globalization;
using Workbench.Experiments;

namespace Workbench.Training.Leaf;

/// <summary>
/// Protection of the tokens an answer depends on (issue 14): a number the teacher's saliency ranks high (ĝᵀ at least a
/// threshold) is an operand, not a distractor, so deleting it would leave an ill-posed counterfactual. With word or clause
/// units the protection covers the whole unit that holds the number.
/// </summary>
public static class AnswerProtection
{
    /// <summary>Tokens that are numbers with ĝᵀ ≥ <paramref name="threshold"/>.</summary>
    public static bool[] SalientNumbers(string text, IReadOnlyList<CharSpan> tokenOffsets, IReadOnlyList<double> teacherNormalized, double threshold) =>
        [.. tokenOffsets.Select((o, i) => teacherNormalized[i] >= threshold && IsNumber(text[o.Start..o.End]))];

    /// <summary>True for "12", " 3.5", "1,000", "7." (a number with surrounding whitespace or closing punctuation).</summary>
    public static bool IsNumber(string tokenText)
    {
        var t = tokenText.Trim().TrimEnd('.', ',', '?', '!', ';', ':').Replace(",", "");
        return t.Length > 0 && char.IsDigit(t[^1]) && double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
    }
}
