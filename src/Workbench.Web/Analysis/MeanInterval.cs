namespace Workbench.Web.Analysis;

/// <summary>
/// A sample's size, mean, sample standard deviation (n − 1 in the denominator) and the Student-t interval for its
/// mean, mean ± t(1 − α/2, n − 1) · sd / √n. With one value there is no spread and no interval (null).
/// </summary>
public sealed record MeanInterval(int N, double Mean, double? StandardDeviation, double? Low, double? High, double Min, double Max)
{
    public const double Confidence = 0.95;

    /// <summary>Half the interval's width (null with one value).</summary>
    public double? HalfWidth => High - Mean;

    /// <summary>Whether the interval lies wholly above or wholly below 0 (never with one value).</summary>
    public bool ExcludesZero => Low > 0 || High < 0;

    public static MeanInterval Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("No values.", nameof(values));
        var n = values.Count;
        var mean = values.Average();
        if (n == 1) return new MeanInterval(1, mean, null, null, null, mean, mean);
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        var half = StudentT.Critical(Confidence, n - 1) * sd / Math.Sqrt(n);
        return new MeanInterval(n, mean, sd, mean - half, mean + half, values.Min(), values.Max());
    }
}
