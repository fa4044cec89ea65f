namespace Workbench.Web.Analysis;

/// <summary>"Ignore outliers": a y range from the 1st to the 99th percentile plus a 5 % margin, so one early spike does not flatten the curve.</summary>
public static class OutlierRange
{
    public static (double Min, double Max)? Of(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length < 2) return null;
        var lo = sorted[(int)(0.01 * (sorted.Length - 1))];
        var hi = sorted[(int)Math.Ceiling(0.99 * (sorted.Length - 1))];
        var margin = (hi - lo) * 0.05;
        return margin == 0 ? null : (lo - margin, hi + margin);
    }
}
