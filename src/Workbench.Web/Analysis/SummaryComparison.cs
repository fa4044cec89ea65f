namespace Workbench.Web.Analysis;

/// <summary>One run's final value of a metric, its difference from the baseline run and whether that is better.</summary>
public sealed record SummaryCell(double? Value, double? Delta, DeltaVerdict Verdict);

/// <summary>
/// A metric across the compared runs, one cell per run in the order given, with what it measures
/// (<see cref="MetricKinds.Describe"/>) and whether it compares across these runs at all.
/// </summary>
public sealed record SummaryComparisonRow(
    string Metric, MetricDirection Direction, IReadOnlyList<SummaryCell> Cells, string Description, MetricComparability Comparability);

/// <summary>
/// The final value of every metric any compared run has, with deltas against a baseline run. Deltas of a metric that
/// does not compare across the runs (training losses under different objective mixes) are shown but never judged.
/// </summary>
public static class SummaryComparison
{
    public static IReadOnlyList<SummaryComparisonRow> Build(IReadOnlyList<RunRow> runs, int? baselineRunId)
    {
        var baseline = runs.FirstOrDefault(r => r.Id == baselineRunId);
        var configs = runs.Select(r => r.Config).ToList();
        return runs.SelectMany(r => r.Metrics.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(metric =>
            {
                var comparability = MetricComparability.Of(metric, configs);
                return new SummaryComparisonRow(metric, MetricDirections.Of(metric), runs.Select(run =>
                {
                    double? value = run.Metrics.TryGetValue(metric, out var v) ? v : null;
                    if (baseline is null || ReferenceEquals(run, baseline) || value is null || !baseline.Metrics.TryGetValue(metric, out var b))
                        return new SummaryCell(value, null, DeltaVerdict.Neutral);
                    return new SummaryCell(value, value - b, comparability.Comparable ? MetricDirections.Judge(metric, b, value.Value) : DeltaVerdict.Incomparable);
                }).ToList(), MetricKinds.Describe(metric), comparability);
            })
            .ToList();
    }
}
