namespace Workbench.Storage.Queries;

/// <summary>
/// Equal-width step buckets over [<see cref="From"/>, <see cref="To"/>]. Every run on one chart is cut by the same
/// grid, so a spike in one run and a dip in another land in comparable buckets.
/// </summary>
public sealed record BucketGrid(long From, long To, int Buckets)
{
    /// <summary>A grid for about <paramref name="points"/> points per trace: each bucket keeps its min and its max.</summary>
    public static BucketGrid ForPoints(long from, long to, int points)
    {
        if (to < from) throw new ArgumentException($"Empty step range [{from}, {to}].", nameof(to));
        if (points < 2) throw new ArgumentOutOfRangeException(nameof(points), points, "At least 2 points per trace.");
        return new BucketGrid(from, to, points / 2);
    }

    /// <summary>The bucket of a step; steps outside the range fall into the first or last bucket.</summary>
    public int IndexOf(long step)
    {
        var width = (double)(To - From + 1) / Buckets;
        var index = (long)Math.Floor((step - From) / width);
        return (int)Math.Clamp(index, 0, Buckets - 1);
    }

    /// <summary>Most points a downsampled trace holds: min and max per bucket, plus the first and the last.</summary>
    public int MaxPoints => 2 * Buckets + 2;
}
