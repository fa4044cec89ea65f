namespace Workbench.Web.Analysis.Verdicts;

/// <summary>
/// One metric across the configurations (baseline first) with its description, direction, whether it is a [0, 1]
/// rate (shown in points), whether it compares across these runs, and, for key metrics, one sentence per non-baseline
/// configuration.
/// </summary>
public sealed record VerdictRow(
    string Metric, string Description, MetricSection Section, MetricDirection Direction, bool IsRate,
    MetricComparability Comparability, IReadOnlyList<VerdictCell> Cells, IReadOnlyList<string> Sentences);
