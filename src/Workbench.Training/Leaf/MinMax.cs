namespace Workbench.Training.Leaf;

/// <summary>Min-max normalization of one sample's values (spec §2.2 step 4, §2.3).</summary>
internal static class MinMax
{
    /// <summary>(x − min) / (max − min); all 0 when the range is 0, which the caller reports as flat.</summary>
    public static double[] Normalize(IReadOnlyList<double> values, out bool flat)
    {
        var (min, max) = (values.Min(), values.Max());
        var range = max - min;
        flat = !(range > 0);
        return flat ? new double[values.Count] : [.. values.Select(v => (v - min) / range)];
    }
}
