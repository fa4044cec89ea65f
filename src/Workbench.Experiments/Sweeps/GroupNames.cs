namespace Workbench.Experiments.Sweeps;

/// <summary>The rule for group (experiment) names, which also prefix the names of a sweep's runs.</summary>
public static class GroupNames
{
    // Run names are at most 100 characters; the axis values and "-seedN" need the rest.
    public const int MaxLength = 60;

    /// <summary>Null when <paramref name="name"/> is a good group name, else why not.</summary>
    public static string? Validate(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "A name is required.";
        if (name.Length > MaxLength) return $"The name must be at most {MaxLength} characters.";
        if (name != name.Trim()) return "The name must not start or end with a space.";
        if (!name.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or ' '))
            return "The name may hold letters, digits, spaces, '-', '_' and '.'.";
        return null;
    }
}
