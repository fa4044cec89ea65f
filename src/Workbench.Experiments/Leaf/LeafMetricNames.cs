namespace Workbench.Experiments.Leaf;

/// <summary>Metric names a LeaF run reports besides the usual train/eval ones.</summary>
public static class LeafMetricNames
{
    /// <summary>Forward KL on original rows (L_kd) and on counterfactual rows (L_cd), logged whatever the mixing mode.</summary>
    public const string TrainKd = "train/l_kd";
    public const string TrainCd = "train/l_cd";

    // The next five are what runs reported before evaluation sets (eval/<set>/accuracy, ... in EvalMetricNames); only read, for those runs.
    /// <summary>Exact-match accuracy on the out-of-distribution test (the distractor is a near miss).</summary>
    public const string EvalOodAccuracy = "eval/ood_accuracy";
    /// <summary>Share of out-of-distribution answers equal to the distractor's number: how often the student copies it.</summary>
    public const string EvalOodCopyRate = "eval/ood_copy_rate";
    /// <summary>Confounder attention mass on gold distractor spans (leaf.md §5), its share of prompt attention and lift over uniform.</summary>
    public const string EvalCam = "eval/cam";
    public const string EvalCamShare = "eval/cam_share";
    public const string EvalCamLift = "eval/cam_lift";

    /// <summary>Stage-1 counts (reported once, at step 0).</summary>
    public const string DetectSamples = "detect/samples";
    public const string DetectSelected = "detect/selected";
    public const string DetectFlat = "detect/flat";
    public const string DetectSpans = "detect/spans";
    public const string DetectCounterfactuals = "detect/counterfactuals";
    /// <summary>Of those, the response-level ones (mask instruction_response; responses with a step boundary only).</summary>
    public const string DetectResponseCounterfactuals = "detect/response_counterfactuals";
    public const string DetectPrunedTokenFraction = "detect/pruned_token_fraction";
    public const string DetectMsPerSample = "detect/ms_per_sample";

    /// <summary>Detection quality against gold spans, e.g. "detect/leaf/precision", "detect/random/hit_rate".</summary>
    public static string Quality(string method, string measure) => $"detect/{method}/{measure}";

    public static IReadOnlyList<string> QualityMethods { get; } = ["leaf", "student_only", "random"];
    public static IReadOnlyList<string> QualityMeasures { get; } =
        ["precision", "recall", "f1", "hit_rate", "mostly_inside", "span_precision", "span_recall", "span_f1"];

    /// <summary>
    /// Detection leaderboard (issue 14), one row per scorer × unit × threshold rule:
    /// "board/intervention/clause/q0.10/precision"; the rule is "q" + ρ (quantile) or "a" + τ (absolute).
    /// </summary>
    public static string Board(string scorer, string unit, string rule, string measure) => $"board/{scorer}/{unit}/{rule}/{measure}";
    /// <summary>Milliseconds per sample a scorer took (teacher and student together), e.g. "board/gradient_norm/ms_per_sample".</summary>
    public static string BoardCost(string scorer) => $"board/{scorer}/ms_per_sample";
    public const string BoardSamples = "board/samples";

    /// <summary>Measures of a leaderboard row, in table order.</summary>
    public static IReadOnlyList<string> BoardMeasures { get; } =
        ["precision", "recall", "f1", "span_precision", "span_recall", "span_f1", "hit_rate", "mostly_inside"];
}
