using Workbench.Experiments;

namespace Workbench.Web.Components.Controls;

/// <summary>
/// What a metric measures, for legends and axes. <c>train/loss</c> is the run's weighted training objective
/// (Σ weight · term, so runs with other objective mixes are not comparable on it); <c>eval/loss</c> is the
/// cross-entropy on the eval split. The two never share an unlabelled "loss" axis.
/// </summary>
public static class MetricLabels
{
    public const string TrainingObjective = "training objective (weighted sum)";
    public const string EvalCrossEntropy = "eval cross-entropy";

    /// <summary>A plain description, or null for metrics whose name says enough.</summary>
    public static string? Describe(string metric) => metric switch
    {
        MetricNames.TrainLoss => TrainingObjective,
        MetricNames.EvalLoss => EvalCrossEntropy,
        Experiments.Leaf.LeafMetricNames.TrainKd => "LeaF distillation on the originals",
        Experiments.Leaf.LeafMetricNames.TrainCd => "LeaF distillation on the counterfactuals",
        _ when metric.StartsWith("train/", StringComparison.Ordinal) && ObjectiveKinds.All.Contains(metric["train/".Length..])
            => $"training term {ObjectiveKinds.DisplayName(metric["train/".Length..])}, unweighted",
        _ when metric.StartsWith("eval/", StringComparison.Ordinal) && ObjectiveKinds.All.Contains(metric["eval/".Length..])
            => $"eval {ObjectiveKinds.DisplayName(metric["eval/".Length..])}",
        _ => null,
    };

    /// <summary>Legend text: "train/loss · training objective (weighted sum)".</summary>
    public static string Legend(string metric) => Describe(metric) is { } description ? $"{metric} · {description}" : metric;
}
