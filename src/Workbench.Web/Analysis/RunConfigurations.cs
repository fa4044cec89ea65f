namespace Workbench.Web.Analysis;

/// <summary>
/// Runs grouped into configurations, in the order of each configuration's first run, and the axes: config keys whose
/// values differ between configurations (a key a configuration lacks counts as "–"), plus prefix axes such as
/// <c>leaf</c> when only some configurations have that section at all.
/// </summary>
public sealed record RunConfigurations(IReadOnlyList<RunConfiguration> Configurations, IReadOnlyList<string> Axes)
{
    /// <summary>Whether the runs are an experiment: two or more configurations, or a configuration repeated over seeds.</summary>
    public bool IsExperiment => Configurations.Count >= 2 || Configurations.Any(c => c.Runs.Count >= 2);

    /// <summary>The configuration with this key, or null.</summary>
    public RunConfiguration? Find(string? key) => key is null ? null : Configurations.FirstOrDefault(c => c.Key == key);

    /// <summary>The configuration holding run <paramref name="runId"/>, or null.</summary>
    public RunConfiguration? OfRun(int? runId) => runId is null ? null : Configurations.FirstOrDefault(c => c.Runs.Any(r => r.Id == runId));
}
