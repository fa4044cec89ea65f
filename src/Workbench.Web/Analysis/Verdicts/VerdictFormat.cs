using System.Globalization;

namespace Workbench.Web.Analysis.Verdicts;

/// <summary>
/// Numbers as a verdict says them: rates in [0, 1] as percent and their differences in points ("+5.2 points"), other
/// metrics in their own units with 3 significant digits. Negative numbers take a real minus sign (−).
/// </summary>
public static class VerdictFormat
{
    private static readonly CultureInfo s_c = CultureInfo.InvariantCulture;

    /// <summary>A signed difference: "+5.2" (points) or "−0.0123".</summary>
    public static string Signed(double delta, bool isRate)
    {
        var magnitude = isRate ? (Math.Abs(delta) * 100).ToString("0.0", s_c) : Math.Abs(delta).ToString("G3", s_c);
        var zero = magnitude.All(ch => ch is '0' or '.');
        return (delta < 0 && !zero ? "\u2212" : "+") + magnitude;
    }

    /// <summary>A difference with its unit: "+5.2 points" or "−0.0123".</summary>
    public static string Delta(double delta, bool isRate) => Signed(delta, isRate) + (isRate ? " points" : "");

    /// <summary>A mean: "46.0 %" for rates, else 4 significant digits.</summary>
    public static string Mean(double mean, bool isRate) =>
        isRate ? (mean * 100).ToString("0.0", s_c) + " %" : Minus(mean.ToString("G4", s_c));

    /// <summary>A half-width: "± 2.1" (points for rates).</summary>
    public static string PlusMinus(double halfWidth, bool isRate) =>
        "± " + (isRate ? (halfWidth * 100).ToString("0.0", s_c) : halfWidth.ToString("G2", s_c));

    /// <summary>An interval's bounds: "+1.1 to +9.3".</summary>
    public static string Range(double low, double high, bool isRate) => $"{Signed(low, isRate)} to {Signed(high, isRate)}";

    private static string Minus(string text) => text.StartsWith('-') ? "\u2212" + text[1..] : text;
}
