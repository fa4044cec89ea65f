using Workbench.Storage.Queries;
using Workbench.Web.Analysis;

namespace Workbench.Web.Tracking;

/// <summary>
/// Reduces several runs' downsampled series on one grid to a mean line and a band. Each run contributes one value per
/// bucket (the mean of its min and max points there), so a run logged more often does not weigh more.
/// </summary>
public static class SeriesBands
{
    /// <summary>
    /// Buckets in ascending order where at least one run has a value: the bucket's first logged step (a bucket can be
    /// narrower than one step, so its centre would be no step at all) and one value per run.
    /// </summary>
    public static IReadOnlyList<(long Step, IReadOnlyList<double> Values)> Align(IReadOnlyList<IReadOnlyList<SeriesPoint>> runs, BucketGrid grid)
    {
        var perBucket = new SortedDictionary<int, (long Step, List<double> Values)>();
        foreach (var points in runs)
        {
            foreach (var bucket in points.GroupBy(p => grid.IndexOf(p.Step)))
            {
                var first = bucket.Min(p => p.Step);
                perBucket[bucket.Key] = perBucket.TryGetValue(bucket.Key, out var entry)
                    ? (Math.Min(entry.Step, first), entry.Values)
                    : (first, []);
                perBucket[bucket.Key].Values.Add(bucket.Average(p => p.Value));
            }
        }
        return perBucket.Values.Select(e => (e.Step, (IReadOnlyList<double>)e.Values)).ToList();
    }

    /// <summary>The mean and band of each aligned bucket.</summary>
    public static (double Mean, double Low, double High) Reduce(IReadOnlyList<double> values, ChartBand band)
    {
        if (band == ChartBand.Ci)
        {
            var interval = MeanInterval.Of(values);
            return (interval.Mean, interval.Low ?? interval.Mean, interval.High ?? interval.Mean);
        }
        return (values.Average(), values.Min(), values.Max());
    }
}
