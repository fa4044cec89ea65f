namespace Workbench.Web.Analysis;

/// <summary>
/// A configuration's metric minus the baseline configuration's, paired by seed (LeaF − KD for seed 1, seed 2, ...), and
/// the Student-t interval over those per-seed differences. Runs whose seed the other configuration lacks (or that lack
/// the metric) are left out and counted in <see cref="Unpaired"/>. <see cref="Interval"/> is null when no seed pairs up.
/// </summary>
public sealed record PairedDifference(MeanInterval? Interval, int Unpaired)
{
    public int Pairs => Interval?.N ?? 0;

    public static PairedDifference Of(RunConfiguration baseline, RunConfiguration other, string metric)
    {
        var baseBySeed = BySeed(baseline, metric);
        var otherBySeed = BySeed(other, metric);
        var differences = otherBySeed.Where(kv => baseBySeed.ContainsKey(kv.Key)).OrderBy(kv => kv.Key)
            .Select(kv => kv.Value - baseBySeed[kv.Key]).ToList();
        var unpaired = baseBySeed.Keys.Count(s => !otherBySeed.ContainsKey(s)) + otherBySeed.Keys.Count(s => !baseBySeed.ContainsKey(s));
        return new PairedDifference(differences.Count == 0 ? null : MeanInterval.Of(differences), unpaired);
    }

    // Two runs of one configuration with the same seed (a rerun) count as one: their mean.
    private static Dictionary<int, double> BySeed(RunConfiguration configuration, string metric) =>
        configuration.Runs.Where(r => r.Metrics.ContainsKey(metric)).GroupBy(ConfigurationGrouping.SeedOf)
            .ToDictionary(g => g.Key, g => g.Average(r => r.Metrics[metric]));
}
