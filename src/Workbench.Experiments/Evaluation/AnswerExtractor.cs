using System.Text.RegularExpressions;

namespace Workbench.Experiments.Evaluation;

/// <summary>
/// Takes the answer out of a completion by an <see cref="AnswerRules"/> rule: "The answer is 42." gives "42", "… #### 1,000" gives
/// "1,000", "so 3 + 4 = 7" gives "7" (auto). Comparison happens after <see cref="AnswerNormalizer"/>.
/// </summary>
public sealed partial class AnswerExtractor
{
    private static readonly string[] s_autoMarkers = ["the answer is", "####"];
    private readonly string[] _markers;
    private readonly bool _numbers;

    /// <param name="rule">An <see cref="AnswerRules"/> rule; null = <see cref="AnswerRules.Auto"/>.</param>
    /// <exception cref="ArgumentException">The rule is not valid.</exception>
    public AnswerExtractor(string? rule = null)
    {
        if (AnswerRules.Validate(rule) is { } problem) throw new ArgumentException(problem, nameof(rule));
        Rule = rule ?? AnswerRules.Auto;
        (_markers, _numbers) = Rule switch
        {
            AnswerRules.Auto => (s_autoMarkers, true),
            AnswerRules.LastNumber => ([], true),
            AnswerRules.Exact => ([], false),
            _ => ([Rule[AnswerRules.AfterPrefix.Length..]], false),
        };
    }

    public string Rule { get; }

    public string Extract(string text)
    {
        var trimmed = text.Trim();
        foreach (var marker in _markers)
        {
            var at = trimmed.LastIndexOf(marker, StringComparison.OrdinalIgnoreCase);
            if (at < 0) continue;
            var rest = trimmed[(at + marker.Length)..].Trim();
            return FirstNumber(rest) ?? rest;
        }
        return _numbers && LastNumber(trimmed) is { } last ? last : trimmed;
    }

    /// <summary>Every number written in <paramref name="text"/> (e.g. inside a confounder span), in order.</summary>
    public static IEnumerable<string> Numbers(string text) => NumberPattern().Matches(text).Select(m => m.Value);

    private static string? FirstNumber(string text) => NumberPattern().Match(text) is { Success: true } m ? m.Value : null;

    private static string? LastNumber(string text) => NumberPattern().Matches(text) is { Count: > 0 } all ? all[^1].Value : null;

    // 1,000 / 1000 / -3 / 0.5 / .5 / 1,234.75; a minus only when it does not join two words ("5-3" is 5 then 3).
    [GeneratedRegex(@"(?:(?<![\w.])-)?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?!\d)")]
    private static partial Regex NumberPattern();
}
