using Workbench.Storage.Queries;
using Workbench.Web.Analysis;

namespace Workbench.Web.Tracking;

/// <summary>
/// Reduces several runs' downsampled series on one grid to a mean line and a band. Each run contributes one value per
/// bucket (the mean of its min and max points there), so a run logged more often does not weigh more.
/// </summary>
public static class SeriesBands
{
    /// <summary>Buckets in ascending order where at least one run has a value: the bucket's centre step and per-run values.</summary>
    public static IReadOnlyList<(long Step, IReadOnlyList<double> Values)> Align(IReadOnlyList<IReadOnlyList<SeriesPoint>> runs, BucketGrid grid)
    {
        var perBucket = new SortedDictionary<int, List<double>>();
        foreach (var points in runs)
        {
            foreach (var bucket in points.GroupBy(p => grid.IndexOf(p.Step)))
            {
                if (!perBucket.TryGetValue(bucket.Key, out var values)) perBucket[bucket.Key] = values = [];
                values.Add(bucket.Average(p => p.Value));
            }
        }
        var width = (double)(grid.To - grid.From + 1) / grid.Buckets;
        return perBucket.Select(kv => ((long)Math.Floor(grid.From + (kv.Key + 0.5) * width - 0.5), (IReadOnlyList<double>)kv.Value)).ToList();
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
