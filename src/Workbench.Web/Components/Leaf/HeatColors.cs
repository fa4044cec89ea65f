using System.Globalization;

namespace Workbench.Web.Components.Leaf;

/// <summary>Which per-token quantity a token strip colours by.</summary>
public enum SaliencyView
{
    Teacher,
    Student,
    Difference,
}

/// <summary>Background colours of the token heatmap: one hue per quantity, opacity by value in [0, 1].</summary>
public static class HeatColors
{
    /// <summary>
    /// CSS background for a token. Teacher and student saliency are blue and orange by ĝ; the difference is red by
    /// 1 − Δ, because a low Δ (student relies on the token far more than the teacher) is what marks a confounder.
    /// </summary>
    public static string Background(SaliencyView view, double value)
    {
        var v = double.IsFinite(value) ? Math.Clamp(value, 0, 1) : 0;
        var (rgb, alpha) = view switch
        {
            SaliencyView.Teacher => ("33, 102, 172", v),
            SaliencyView.Student => ("230, 120, 20", v),
            _ => ("200, 30, 45", 1 - v),
        };
        return string.Create(CultureInfo.InvariantCulture, $"background: rgba({rgb}, {0.08 + (0.82 * alpha):0.###})");
    }

    public static string Label(SaliencyView view) => view switch
    {
        SaliencyView.Teacher => "teacher saliency ĝᵀ",
        SaliencyView.Student => "student saliency ĝˢ",
        _ => "difference Δ (red = confounding)",
    };
}
