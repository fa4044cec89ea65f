namespace Workbench.Training.Leaf;

/// <summary>Min-max normalization of one sample's values (spec §2.2 step 4, §2.3). Plain loops: the UI re-runs it per slider move.</summary>
internal static class MinMax
{
    /// <summary>(x − min) / (max − min); all 0 when the range is 0, which the caller reports as flat.</summary>
    public static double[] Normalize(IReadOnlyList<double> values, out bool flat)
    {
        var n = values.Count;
        var (min, max) = (double.PositiveInfinity, double.NegativeInfinity);
        for (var i = 0; i < n; i++)
        {
            min = Math.Min(min, values[i]);
            max = Math.Max(max, values[i]);
        }
        var range = max - min;
        flat = !(range > 0);
        var normalized = new double[n];
        if (!flat)
            for (var i = 0; i < n; i++) normalized[i] = (values[i] - min) / range;
        return normalized;
    }
}
