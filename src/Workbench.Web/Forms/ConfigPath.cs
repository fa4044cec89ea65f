using System.Text;
using System.Text.RegularExpressions;

namespace Workbench.Web.Forms;

/// <summary>
/// Paths into a run config's JSON, in the validator's spelling: <c>checkpointEvery</c>, <c>leaf.rho</c>,
/// <c>objectives[1].temperature</c>. A pattern is a path with its indices left out (<c>objectives[].temperature</c>).
/// </summary>
public static partial class ConfigPath
{
    /// <summary>One step of a path: a property name, then an optional list index.</summary>
    public readonly record struct Segment(string Name, int? Index);

    public static IReadOnlyList<Segment> Parse(string path) =>
        [.. path.Split('.').Select(part => IndexPattern().Match(part) is { Success: true } m
            ? new Segment(m.Groups[1].Value, int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))
            : new Segment(part, null))];

    /// <summary><c>objectives[1].temperature</c> → <c>objectives[].temperature</c>.</summary>
    public static string Pattern(string path) => Indices().Replace(path, "[]");

    /// <summary><c>objectives[].temperature</c> with index 1 → <c>objectives[1].temperature</c> (the first list only).</summary>
    public static string At(string pattern, int index)
    {
        var at = pattern.IndexOf("[]", StringComparison.Ordinal);
        return at < 0 ? pattern : $"{pattern[..at]}[{index}]{pattern[(at + 2)..]}";
    }

    /// <summary>The path of the object that holds the field: <c>objectives[1].temperature</c> → <c>objectives[1]</c>; "" for top-level fields.</summary>
    public static string Owner(string path) => path.LastIndexOf('.') is var dot and >= 0 ? path[..dot] : "";

    /// <summary>A stable DOM id: <c>objectives[1].temperature</c> → <c>field-objectives-1-temperature</c>, <c>checkpointEvery</c> → <c>field-checkpoint-every</c>.</summary>
    public static string ElementId(string path, string prefix = "field")
    {
        var id = new StringBuilder(prefix);
        var pendingDash = true;
        foreach (var c in path)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (pendingDash || char.IsUpper(c)) id.Append('-');
                id.Append(char.ToLowerInvariant(c));
                pendingDash = false;
            }
            else pendingDash = true;
        }
        return id.ToString();
    }

    [GeneratedRegex(@"^(.+)\[(\d+)\]$")]
    private static partial Regex IndexPattern();

    [GeneratedRegex(@"\[\d+\]")]
    private static partial Regex Indices();
}
