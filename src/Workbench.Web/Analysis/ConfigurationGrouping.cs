using System.Globalization;
using System.Text;

namespace Workbench.Web.Analysis;

/// <summary>
/// Groups runs into configurations by everything in their flattened config but <c>seed</c> and <c>name</c>, finds the
/// axes along which configurations differ, and labels each configuration by its values on those axes.
/// </summary>
public static class ConfigurationGrouping
{
    public const string SeedKey = "seed";
    private static readonly HashSet<string> s_ignored = new(StringComparer.Ordinal) { SeedKey, "name" };

    public static RunConfigurations Group(IReadOnlyList<RunRow> runs)
    {
        var groups = new List<(string Key, IReadOnlyDictionary<string, object?> Config, List<RunRow> Runs)>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var run in runs)
        {
            var config = run.Config.Where(kv => !s_ignored.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            var key = CanonicalKey(config);
            if (!index.TryGetValue(key, out var i))
            {
                index[key] = i = groups.Count;
                groups.Add((key, config, []));
            }
            groups[i].Runs.Add(run);
        }

        var configs = groups.Select(g => g.Config).ToList();
        var (valueAxes, prefixAxes) = Axes(configs);
        var configurations = groups.Select(g => new RunConfiguration(
            g.Key,
            Label(g.Config, valueAxes, prefixAxes, g.Runs),
            g.Config,
            g.Runs.OrderBy(SeedOf).ThenBy(r => r.Id).ToList())).ToList();
        return new RunConfigurations(configurations, [.. prefixAxes, .. valueAxes]);
    }

    /// <summary>A run's seed (config <c>seed</c>); runs without one count as seed 0.</summary>
    public static int SeedOf(RunRow run) =>
        run.Config.TryGetValue(SeedKey, out var seed) && seed is double d ? (int)d : 0;

    private static string CanonicalKey(IReadOnlyDictionary<string, object?> config)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in config.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            text.Append(key).Append('=').Append(value switch
            {
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                _ => ConfigFlattener.Format(value),
            }).Append('\n');
        return text.ToString();
    }

    // A key inside a section only some configurations have (leaf.* of LeaF runs beside plain KD) is summarised by the
    // section's presence ("leaf" / "no leaf"), unless it also differs among the configurations that have the section.
    private static (List<string> Values, List<string> Prefixes) Axes(IReadOnlyList<IReadOnlyDictionary<string, object?>> configs)
    {
        var values = new List<string>();
        var prefixes = new List<string>();
        if (configs.Count < 2) return (values, prefixes);
        var keys = configs.SelectMany(c => c.Keys).Distinct(StringComparer.Ordinal).ToList();
        foreach (var key in keys)
        {
            var prefix = Prefix(key);
            var sectionPresence = configs.Select(c => c.Keys.Any(k => Prefix(k) == prefix)).ToList();
            var partialSection = prefix != key && sectionPresence.Distinct().Count() > 1;
            if (partialSection && !prefixes.Contains(prefix)) prefixes.Add(prefix);
            var holders = partialSection ? configs.Where((_, i) => sectionPresence[i]).ToList() : configs;
            var seen = holders.Select(c => c.TryGetValue(key, out var v) ? ConfigFlattener.Format(v) : "–").Distinct().Count();
            if (seen > 1) values.Add(key);
        }
        return (values, prefixes);
    }

    private static string Prefix(string key)
    {
        var dot = key.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? key[..dot] : key;
    }

    private static string Label(IReadOnlyDictionary<string, object?> config, List<string> valueAxes, List<string> prefixAxes, List<RunRow> runs)
    {
        var parts = new List<string>();
        foreach (var prefix in prefixAxes)
        {
            var has = config.Keys.Any(k => Prefix(k) == prefix);
            if (!has) parts.Add($"no {prefix}");
            else if (!valueAxes.Any(k => Prefix(k) == prefix)) parts.Add(prefix);
        }
        foreach (var key in valueAxes)
        {
            if (config.TryGetValue(key, out var value)) parts.Add($"{key}={ConfigFlattener.Format(value)}");
            else if (!prefixAxes.Contains(Prefix(key))) parts.Add($"{key}=–");
        }
        if (parts.Count > 0) return string.Join(", ", parts);
        // One configuration: its runs' common name, else the first run's.
        var names = runs.Select(r => r.Name).Distinct().ToList();
        return names.Count == 1 ? names[0] : "all runs";
    }
}
