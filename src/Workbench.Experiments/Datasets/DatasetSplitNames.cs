using System.Text.RegularExpressions;

namespace Workbench.Experiments.Datasets;

/// <summary>
/// A split is named by a lower-case string: the usual <see cref="Train"/>, <see cref="Eval"/> and <see cref="Test"/>, or any
/// other name a file gives (<c>ood</c>, <c>iid</c>, <c>heldout-2</c>): 1 to <see cref="MaxLength"/> of <c>a-z 0-9 _ -</c>,
/// after lower-casing. The trainer takes <see cref="Train"/>, scores <see cref="Eval"/> (or <see cref="Test"/> when there is
/// no eval split), and offers every other split by name to evaluation sets.
/// </summary>
public static partial class DatasetSplitNames
{
    public const string Train = "train";
    public const string Eval = "eval";
    public const string Test = "test";
    public const int MaxLength = 40;

    /// <summary>The name lower-cased, or null with <paramref name="error"/> saying why it is not a split name.</summary>
    public static string? Normalize(string? text, out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "A split name is required.";
            return null;
        }
        var name = text.ToLowerInvariant();
        if (name.Length <= MaxLength && Pattern().IsMatch(name)) return name;
        error = $"'{text}' is not a split name: use 1 to {MaxLength} of a-z, 0-9, '_' and '-' (e.g. train, eval, test, ood).";
        return null;
    }

    /// <summary>True when <paramref name="name"/> is already a valid, lower-case split name.</summary>
    public static bool IsValid(string? name) => name is { Length: > 0 and <= MaxLength } && Pattern().IsMatch(name);

    /// <summary>Train, eval and test first, then the others in <paramref name="order"/> (first appearance, usually).</summary>
    public static IEnumerable<string> Ordered(IEnumerable<string> order)
    {
        var names = order.Distinct(StringComparer.Ordinal).ToList();
        return [.. new[] { Train, Eval, Test }.Where(names.Contains), .. names.Where(n => n is not (Train or Eval or Test))];
    }

    [GeneratedRegex("^[a-z0-9_-]+$")]
    private static partial Regex Pattern();
}
