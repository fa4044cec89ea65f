namespace Workbench.Web.Analysis;

/// <summary>One config key across the compared runs: its value in each (null when a run lacks the key) and whether they differ.</summary>
public sealed record ConfigDiffRow(string Key, IReadOnlyList<object?> Values, bool Differs);

/// <summary>
/// Compares flattened configs key by key. Nested objects and lists compare leaf by leaf, so two runs that differ
/// only in <c>objectives[1].weight</c> show one differing row; a key present in some runs only differs too.
/// </summary>
public static class ConfigDiffer
{
    public static IReadOnlyList<ConfigDiffRow> Compare(IReadOnlyList<IReadOnlyDictionary<string, object?>> configs, bool differencesOnly = false)
    {
        // Keys in first-seen order keep the JSON's own grouping (teacher.*, student.*, objectives[i].*).
        var keys = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var config in configs)
            foreach (var key in config.Keys)
                if (seen.Add(key)) keys.Add(key);

        var rows = new List<ConfigDiffRow>(keys.Count);
        foreach (var key in keys)
        {
            var values = configs.Select(c => c.TryGetValue(key, out var v) ? v : null).ToList();
            var present = configs.Select(c => c.ContainsKey(key)).ToList();
            var differs = present.Distinct().Count() > 1 || values.Skip(1).Any(v => !Equals(v, values[0]));
            if (!differencesOnly || differs) rows.Add(new ConfigDiffRow(key, values, differs));
        }
        return rows;
    }
}
