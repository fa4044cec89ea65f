namespace Workbench.Experiments.Evaluation;

/// <summary>
/// Metric names of an evaluation set: <c>eval/&lt;set&gt;/&lt;measure&gt;</c>, e.g. "eval/ood/accuracy". The run's own eval split
/// keeps the plain <see cref="MetricNames"/> ("eval/accuracy").
/// </summary>
public static class EvalMetricNames
{
    public const string Loss = "loss";
    public const string Perplexity = "perplexity";
    /// <summary>Exact match of the extracted, normalised answer.</summary>
    public const string Accuracy = "accuracy";
    public const string Top1Agreement = "top1_agreement";
    public const string ForwardKl = "forward_kl";
    /// <summary>Share of answers equal to a number inside a gold confounder span (samples with spans only).</summary>
    public const string CopyRate = "copy_rate";
    /// <summary>Confounder attention mass on gold spans (leaf.md §5), its share of prompt attention and lift over uniform.</summary>
    public const string Cam = "cam";
    public const string CamShare = "cam_share";
    public const string CamLift = "cam_lift";

    public static IReadOnlyList<string> Measures { get; } =
        [Loss, Perplexity, Accuracy, Top1Agreement, ForwardKl, CopyRate, Cam, CamShare, CamLift];

    /// <summary>Measures a verdict leads with by default.</summary>
    public static IReadOnlyList<string> KeyMeasures { get; } = [Accuracy, CopyRate, CamShare];

    public static string For(string set, string measure) => $"eval/{set}/{measure}";

    /// <summary>The set and measure of "eval/&lt;set&gt;/&lt;measure&gt;", or null for any other name.</summary>
    public static (string Set, string Measure)? Parse(string metric)
    {
        var parts = metric.Split('/');
        return parts.Length == 3 && parts[0] == "eval" && parts[1].Length > 0 && Measures.Contains(parts[2]) ? (parts[1], parts[2]) : null;
    }
}
