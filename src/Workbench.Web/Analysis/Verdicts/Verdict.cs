namespace Workbench.Web.Analysis.Verdicts;

/// <summary>
/// What a set of runs says: the configurations (baseline first), the key metrics' rows with their sentences, and
/// the other metrics' rows by section (detection quality, system, losses, other).
/// </summary>
public sealed record Verdict(RunConfigurations Grouping, RunConfiguration Baseline, IReadOnlyList<RunConfiguration> Configurations, IReadOnlyList<VerdictRow> Rows)
{
    /// <summary>Runs left out because they failed, were cancelled or interrupted.</summary>
    public IReadOnlyList<RunRow> Excluded { get; init; } = [];

    public IReadOnlyList<VerdictRow> Section(MetricSection section) => Rows.Where(r => r.Section == section).ToList();

    public IReadOnlyList<string> Sentences => Section(MetricSection.Key).SelectMany(r => r.Sentences).ToList();
}
