using Workbench.Experiments.Evaluation;
using Workbench.Experiments.Leaf;
using Workbench.Experiments;

namespace Workbench.Web.Analysis.Verdicts;

/// <summary>
/// Builds a verdict from runs: groups them into configurations (everything but the seed), picks the baseline, and
/// for every metric any run has computes per configuration the mean and 95 % t interval over seeds and the paired
/// difference to the baseline. Key metrics (default: <c>eval/accuracy</c> and each evaluation set's accuracy, copy
/// rate and CAM share; the caller may add others) get one sentence per non-baseline configuration.
/// </summary>
public static class VerdictBuilder
{
    // The LeaF demo's metrics from before evaluation sets (eval/ood_accuracy, ...), still written by older runs.
    private static readonly string[] s_leafKeyMetrics = [LeafMetricNames.EvalOodAccuracy, LeafMetricNames.EvalOodCopyRate, LeafMetricNames.EvalCamShare];

    /// <param name="runs">The runs, in the order their configurations should appear after the baseline.</param>
    /// <param name="baselineKey">The baseline configuration's <see cref="RunConfiguration.Key"/>; null or unknown: <see cref="DefaultBaseline"/>.</param>
    /// <param name="extraKeyMetrics">Metrics to lead with besides the default key metrics.</param>
    public static Verdict Build(IReadOnlyList<RunRow> runs, string? baselineKey = null, IReadOnlyList<string>? extraKeyMetrics = null)
    {
        var excluded = runs.Where(IsExcluded).ToList();
        runs = runs.Where(r => !IsExcluded(r)).ToList();
        if (runs.Count == 0) throw new ArgumentException("No run that completed or is still running.", nameof(runs));
        var grouping = ConfigurationGrouping.Group(runs);
        var baseline = grouping.Find(baselineKey) ?? DefaultBaseline(grouping);
        var ordered = grouping.Configurations.OrderBy(c => ReferenceEquals(c, baseline) ? 0 : 1).ToList();   // stable: baseline first

        var metrics = runs.SelectMany(r => r.Metrics.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var keyMetrics = KeyMetrics(metrics, extraKeyMetrics);
        var configs = ordered.Select(c => c.Config).ToList();
        var rows = new List<VerdictRow>(metrics.Count);
        foreach (var metric in keyMetrics.Concat(metrics.Where(m => !keyMetrics.Contains(m))))
        {
            var section = keyMetrics.Contains(metric) ? MetricSection.Key : MetricKinds.SectionOf(metric);
            var comparability = MetricComparability.Of(metric, configs);
            var direction = MetricDirections.Of(metric);
            var cells = ordered.Select(c => Cell(c, baseline, metric, direction, comparability)).ToList();
            var sentences = section == MetricSection.Key
                ? cells.Skip(1).Select(c => VerdictSentence.For(c.Configuration.Label, baseline.Label, metric, c.Delta, comparability)).ToList()
                : [];
            rows.Add(new VerdictRow(metric, MetricKinds.Describe(metric), section, direction, MetricKinds.IsRate(metric), comparability, cells, sentences));
        }
        return new Verdict(grouping, baseline, ordered, rows) { Excluded = excluded };
    }

    /// <summary>
    /// A run that failed, was cancelled or interrupted says nothing about its configuration: its last values are wherever it
    /// stopped (often step 0), so it is left out of the verdict and counted instead.
    /// </summary>
    public static bool IsExcluded(RunRow run) => run.Status.IsTerminal() && run.Status != RunStatus.Completed;

    /// <summary>Whether <see cref="Build"/> has anything to say about <paramref name="runs"/>.</summary>
    public static bool HasCountedRuns(IReadOnlyList<RunRow> runs) => runs.Any(r => !IsExcluded(r));

    /// <summary>
    /// The configuration with the fewest config keys (plain KD beside LeaF, which adds a <c>leaf</c> section), the
    /// first of those in run order.
    /// </summary>
    public static RunConfiguration DefaultBaseline(RunConfigurations grouping) =>
        grouping.Configurations.MinBy(c => c.Config.Count)!;

    /// <summary>The key metrics among <paramref name="metrics"/>: eval/accuracy, then each set's key measures, then the LeaF demo's and the extras.</summary>
    public static IReadOnlyList<string> KeyMetrics(IReadOnlyList<string> metrics, IReadOnlyList<string>? extra = null)
    {
        var present = metrics.ToHashSet(StringComparer.Ordinal);
        var sets = metrics.Select(EvalMetricNames.Parse).OfType<(string Set, string Measure)>().Select(p => p.Set).Distinct().Order(StringComparer.Ordinal);
        IEnumerable<string> candidates =
        [
            MetricNames.EvalAccuracy,
            .. sets.SelectMany(set => EvalMetricNames.KeyMeasures.Select(measure => EvalMetricNames.For(set, measure))),
            .. s_leafKeyMetrics,
            .. extra ?? [],
        ];
        return candidates.Where(present.Contains).Distinct(StringComparer.Ordinal).ToList();
    }

    private static VerdictCell Cell(RunConfiguration configuration, RunConfiguration baseline, string metric, MetricDirection direction, MetricComparability comparability)
    {
        var values = configuration.Runs.Where(r => r.Metrics.ContainsKey(metric)).Select(r => r.Metrics[metric]).ToList();
        var value = values.Count == 0 ? null : MeanInterval.Of(values);
        if (ReferenceEquals(configuration, baseline)) return new VerdictCell(configuration, value, null, DeltaVerdict.Neutral);
        var delta = PairedDifference.Of(baseline, configuration, metric);
        var judgement = comparability.Comparable && delta.Interval is { ExcludesZero: true } d
            ? VerdictSentence.Judge(direction, d.Mean)
            : DeltaVerdict.Neutral;
        return new VerdictCell(configuration, value, delta, judgement);
    }
}
