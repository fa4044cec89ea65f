using Workbench.Experiments;

namespace Workbench.Web.Analysis;

/// <summary>
/// What a metric is, from its name: a rate in [0, 1] (shown and differenced in points), the training objective, a
/// section of the verdict, and how to say it in a sentence or on an axis. Works for <c>eval/&lt;set&gt;/&lt;measure&gt;</c>
/// and for the plain <c>eval/accuracy</c>, <c>train/loss</c>, <c>detect/*</c>, <c>system/*</c> names.
/// </summary>
public static class MetricKinds
{
    private static readonly string[] s_rates =
        ["accuracy", "copy_rate", "cam_share", "agreement", "precision", "recall", "f1", "hit_rate", "mostly_inside", "fraction"];
    private static readonly string[] s_lossWords = ["loss", "perplexity", "kl", "jsd", "cross_entropy", "variation", "plackett", "mse"];

    /// <summary>Whether the metric is a share in [0, 1]: accuracy, copy rate, CAM share, agreement, precision, ...</summary>
    public static bool IsRate(string metric) => s_rates.Any(Leaf(metric).Contains);

    /// <summary>
    /// Whether the metric is (a term of) the weighted training objective, <c>train/*</c>: its value depends on the
    /// objective mix, so it compares only between runs that optimise the same mix.
    /// </summary>
    public static bool IsTrainingObjective(string metric) =>
        metric.StartsWith("train/", StringComparison.Ordinal) && metric is not MetricNames.LearningRate and not MetricNames.TokensPerSecond;

    public static MetricSection SectionOf(string metric)
    {
        if (metric.StartsWith("detect/", StringComparison.Ordinal)) return MetricSection.Detection;
        if (metric.StartsWith("system/", StringComparison.Ordinal) || metric is MetricNames.TokensPerSecond) return MetricSection.System;
        if (metric is MetricNames.LearningRate) return MetricSection.Other;   // a schedule, not an outcome
        if (metric.StartsWith("train/", StringComparison.Ordinal) || s_lossWords.Any(Leaf(metric).Contains)) return MetricSection.Loss;
        return MetricSection.Other;
    }

    /// <summary>
    /// The metric with what it measures, for an axis or a row: <c>eval/loss</c> is the eval split's cross-entropy and
    /// <c>train/loss</c> the weighted training objective, so the two never share an unlabelled "loss".
    /// </summary>
    public static string Describe(string metric) => metric switch
    {
        MetricNames.TrainLoss => "train/loss · weighted training objective",
        MetricNames.EvalLoss => "eval/loss · cross-entropy",
        _ when metric.StartsWith("eval/", StringComparison.Ordinal) && metric.EndsWith("/loss", StringComparison.Ordinal) => $"{metric} · cross-entropy",
        _ when metric.StartsWith("train/", StringComparison.Ordinal) && metric is not MetricNames.LearningRate and not MetricNames.TokensPerSecond
            => $"{metric} · objective term (unweighted)",
        _ => metric,
    };

    /// <summary>The metric in a sentence: <c>eval/ood/accuracy</c> → "ood accuracy", <c>eval/accuracy</c> → "eval accuracy".</summary>
    public static string SpokenName(string metric)
    {
        var parts = metric.Split('/');
        var words = parts.Length == 3 && parts[0] == "eval" ? $"{parts[1]} {parts[2]}" : string.Join(' ', parts);
        words = words.Replace('_', ' ');
        return string.Join(' ', words.Split(' ').Select(w => w == "cam" ? "CAM" : w));
    }

    private static string Leaf(string metric) => metric[(metric.LastIndexOf('/') + 1)..].ToLowerInvariant();
}
