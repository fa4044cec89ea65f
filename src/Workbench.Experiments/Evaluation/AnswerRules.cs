namespace Workbench.Experiments.Evaluation;

/// <summary>
/// How the answer is taken from a generated or gold completion (<see cref="RunConfig.AnswerRule"/>, read by
/// <see cref="AnswerExtractor"/>).
/// </summary>
public static class AnswerRules
{
    /// <summary>The number after "The answer is" or after "####" when present, else the last number, else the whole trimmed text.</summary>
    public const string Auto = "auto";
    /// <summary>The last number of the text, else the whole trimmed text.</summary>
    public const string LastNumber = "last_number";
    /// <summary>"after:&lt;marker&gt;": the first number after the last occurrence of the marker (or the text after it), else the whole trimmed text.</summary>
    public const string AfterPrefix = "after:";
    /// <summary>The whole trimmed text.</summary>
    public const string Exact = "exact";

    public const int MaxMarkerLength = 100;

    /// <summary>A problem with <paramref name="rule"/> for a field error, or null when it is valid (null is <see cref="Auto"/>).</summary>
    public static string? Validate(string? rule)
    {
        if (rule is null or Auto or LastNumber or Exact) return null;
        if (!rule.StartsWith(AfterPrefix, StringComparison.Ordinal))
            return $"Answer rule must be {Auto}, {LastNumber}, {Exact} or {AfterPrefix}<marker>.";
        var marker = rule[AfterPrefix.Length..];
        if (marker.Trim().Length == 0) return $"The marker of {AfterPrefix}<marker> must not be empty.";
        return marker.Length > MaxMarkerLength ? $"The marker must be at most {MaxMarkerLength} characters." : null;
    }
}
