namespace Workbench.Storage;

/// <summary>The one encoding of a run's tags: trimmed, distinct (ignoring case), comma-separated.</summary>
public static class RunTags
{
    public static IReadOnlyList<string> Parse(string? stored) =>
        string.IsNullOrWhiteSpace(stored) ? [] : Normalize(stored.Split(','));

    public static string Format(IEnumerable<string> tags) => string.Join(',', Normalize(tags));

    private static List<string> Normalize(IEnumerable<string> tags) =>
        tags.Select(t => t.Trim().Replace(",", "", StringComparison.Ordinal))
            .Where(t => t.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
}
