namespace Workbench.Experiments.Evaluation;

/// <summary>
/// The predictions view's filters, comparing the student now with the student before training (step 0): what distillation fixed,
/// what it broke, what stays wrong, and where the student copies a confounder.
/// </summary>
public static class PredictionFilters
{
    public const string All = "all";
    /// <summary>Wrong at step 0, right now.</summary>
    public const string Fixed = "fixed";
    /// <summary>Right at step 0, wrong now.</summary>
    public const string Broken = "broken";
    /// <summary>Wrong at step 0 and wrong now.</summary>
    public const string StillWrong = "still_wrong";
    /// <summary>The answer now equals a number inside a gold confounder span.</summary>
    public const string Copied = "copied";

    public static IReadOnlyList<string> Names { get; } = [All, Fixed, Broken, StillWrong, Copied];

    /// <summary>Whether a sample passes <paramref name="filter"/>; a sample without a step-0 answer is only in all and copied.</summary>
    public static bool Matches(string filter, SamplePrediction? before, SamplePrediction? now) => filter switch
    {
        All => true,
        Fixed => before is { Correct: false } && now is { Correct: true },
        Broken => before is { Correct: true } && now is { Correct: false },
        StillWrong => before is { Correct: false } && now is { Correct: false },
        Copied => now is { CopiedConfounder: true },
        _ => throw new ArgumentException($"Unknown filter '{filter}'. Known: {string.Join(", ", Names)}.", nameof(filter)),
    };
}
