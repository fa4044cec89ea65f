namespace Workbench.Web.Analysis;

/// <summary>
/// Runs that share every config value but the seed (and the name): one configuration, repeated over seeds.
/// <see cref="Key"/> is the canonical text of the shared config (stable across requests); <see cref="Label"/> names it by
/// the axes along which configurations differ ("leaf.mask=instruction"). Runs are ordered by seed.
/// </summary>
public sealed record RunConfiguration(string Key, string Label, IReadOnlyDictionary<string, object?> Config, IReadOnlyList<RunRow> Runs)
{
    /// <summary>The lowest run id, a short handle for URLs ("the configuration of run 12").</summary>
    public int FirstRunId => Runs.Min(r => r.Id);

    /// <summary>Distinct seeds of the runs.</summary>
    public IReadOnlyList<int> Seeds => Runs.Select(ConfigurationGrouping.SeedOf).Distinct().ToList();
}
