namespace Workbench.Web.Analysis;

/// <summary>Which way a metric improves.</summary>
public enum MetricDirection { Unknown, LowerIsBetter, HigherIsBetter }

/// <summary>
/// How a run's value compares with the baseline's, given the metric's direction. <see cref="Incomparable"/>: the values
/// measure different things across the runs (a weighted training loss under another objective mix), so no colour.
/// </summary>
public enum DeltaVerdict { Same, Better, Worse, Neutral, Incomparable }

public static class MetricDirections
{
    private static readonly string[] s_lower = ["loss", "perplexity", "kl", "jsd", "variation", "plackett", "cross_entropy", "error", "copy_rate", "cam", "ms_per_sample", "memory_mb"];
    // LeaF: detection quality rises; copying the distractor and attention on it (CAM) fall.
    private static readonly string[] s_higher = ["accuracy", "agreement", "precision", "recall", "f1", "hit_rate", "mostly_inside"];

    /// <summary>
    /// From the metric's name: losses, perplexity, divergences, copy rate, CAM, time per sample and memory fall;
    /// accuracy, agreement and detection quality rise; the rest (lr, tokens/s, counts) is neither.
    /// </summary>
    public static MetricDirection Of(string metric)
    {
        var leaf = metric[(metric.LastIndexOf('/') + 1)..].ToLowerInvariant();
        if (s_higher.Any(leaf.Contains)) return MetricDirection.HigherIsBetter;
        if (s_lower.Any(leaf.Contains)) return MetricDirection.LowerIsBetter;
        return MetricDirection.Unknown;
    }

    /// <summary>Compares <paramref name="value"/> with <paramref name="baseline"/>; differences within a relative 1e-9 are the same.</summary>
    public static DeltaVerdict Judge(string metric, double baseline, double value)
    {
        var delta = value - baseline;
        if (Math.Abs(delta) <= 1e-9 * Math.Max(1, Math.Abs(baseline))) return DeltaVerdict.Same;
        return Of(metric) switch
        {
            MetricDirection.LowerIsBetter => delta < 0 ? DeltaVerdict.Better : DeltaVerdict.Worse,
            MetricDirection.HigherIsBetter => delta > 0 ? DeltaVerdict.Better : DeltaVerdict.Worse,
            _ => DeltaVerdict.Neutral,
        };
    }

    /// <summary>CSS class of a delta cell: green better, red worse, grey when the values do not compare.</summary>
    public static string CssClass(DeltaVerdict verdict) => verdict switch
    {
        DeltaVerdict.Better => "delta-better mud-success-text",
        DeltaVerdict.Worse => "delta-worse mud-error-text",
        DeltaVerdict.Incomparable => "delta-incomparable mud-text-disabled",
        _ => "delta-neutral",
    };
}
