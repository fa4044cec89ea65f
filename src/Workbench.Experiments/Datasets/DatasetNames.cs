using System.Text.RegularExpressions;

namespace Workbench.Experiments.Datasets;

/// <summary>Rules for a dataset's name and for the uploaded file's name (shown only, never used as a path).</summary>
public static partial class DatasetNames
{
    public const int MaxNameLength = 64;
    public const int MaxFileNameLength = 255;

    /// <summary>Null when <paramref name="name"/> is acceptable, otherwise why not.</summary>
    public static string? Validate(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "A name is required.";
        if (name.Length > MaxNameLength) return $"At most {MaxNameLength} characters.";
        if (!NamePattern().IsMatch(name) || name.Contains("..", StringComparison.Ordinal))
            return "Use letters, digits, '-', '_' and '.', starting with a letter or digit (no '..', no slashes).";
        if (BuiltInDatasets.All.Contains(name, StringComparer.OrdinalIgnoreCase)) return $"'{name}' is a built-in dataset.";
        return null;
    }

    /// <summary>
    /// Null when the uploaded file name is a plain file name. Anything with a directory part or ".." is refused
    /// rather than cleaned, so what the user sees is exactly what they sent.
    /// </summary>
    public static string? ValidateFileName(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName)) return "The file has no name.";
        if (fileName.Length > MaxFileNameLength) return $"At most {MaxFileNameLength} characters.";
        if (fileName.IndexOfAny(['/', '\\']) >= 0 || fileName.Contains("..", StringComparison.Ordinal) || fileName.Any(char.IsControl))
            return "The file name must not contain a path, '..' or control characters.";
        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex NamePattern();
}
