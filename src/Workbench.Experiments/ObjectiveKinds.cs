namespace Workbench.Experiments;

/// <summary>Names of the objectives a run may combine (see shared/specs/objectives.md).</summary>
public static class ObjectiveKinds
{
    /// <summary>Cross-entropy on the target tokens (objectives.md §1.1).</summary>
    public const string CrossEntropy = "cross_entropy";
    /// <summary>Forward KL(teacher ‖ student) at temperature T, scaled by T² (objectives.md §1.3).</summary>
    public const string ForwardKl = "forward_kl";
    /// <summary>Reverse KL(student ‖ teacher), mode-seeking (objectives.md §1.4).</summary>
    public const string ReverseKl = "reverse_kl";
    /// <summary>Generalized Jensen–Shannon divergence JSD(β) (objectives.md §1.5); parameter <c>beta</c>.</summary>
    public const string Jsd = "jsd";
    /// <summary>Skew KL(p ‖ αp + (1−α)q) (objectives.md §1.6); parameter <c>skewAlpha</c>.</summary>
    public const string SkewKl = "skew_kl";
    /// <summary>Skew reverse KL(q ‖ αq + (1−α)p) (objectives.md §1.6); parameter <c>skewAlpha</c>.</summary>
    public const string SkewReverseKl = "skew_reverse_kl";
    /// <summary>Total variation distance ½ Σ|p − q| (objectives.md §1.7).</summary>
    public const string TotalVariation = "total_variation";
    /// <summary>Sparse KL on the teacher's top-k tokens (objectives.md §2); parameters <c>topK</c>, <c>missingMass</c>.</summary>
    public const string TopKKl = "top_k_kl";
    /// <summary>Plackett–Luce distillation (objectives.md §3); parameter <c>topK</c> (ranks; empty = all).</summary>
    public const string PlackettLuce = "plackett_luce";

    public static IReadOnlyList<string> All { get; } =
        [CrossEntropy, ForwardKl, ReverseKl, Jsd, SkewKl, SkewReverseKl, TotalVariation, TopKKl, PlackettLuce];

    /// <summary>Every term except cross-entropy compares the student with the teacher.</summary>
    public static bool NeedsTeacher(string kind) => All.Contains(kind) && kind != CrossEntropy;

    /// <summary>Whether <see cref="ObjectiveTerm.Temperature"/> has an effect (for Plackett–Luce it is τ_T, teacher side only).</summary>
    public static bool UsesTemperature(string kind) => NeedsTeacher(kind);

    /// <summary>The one extra parameter a kind takes besides weight and temperature, or null.</summary>
    public static ObjectiveParameter? Parameter(string kind) => kind switch
    {
        Jsd => ObjectiveParameter.Beta,
        SkewKl or SkewReverseKl => ObjectiveParameter.SkewAlpha,
        TopKKl => ObjectiveParameter.TopK,
        PlackettLuce => ObjectiveParameter.Ranks,
        _ => null,
    };

    public static string DisplayName(string kind) => kind switch
    {
        CrossEntropy => "Cross-entropy (target)",
        ForwardKl => "Forward KL (teacher ‖ student)",
        ReverseKl => "Reverse KL (student ‖ teacher)",
        Jsd => "Generalized JSD(β)",
        SkewKl => "Skew KL (DistiLLM)",
        SkewReverseKl => "Skew reverse KL (DistiLLM)",
        TotalVariation => "Total variation distance",
        TopKKl => "Top-k KL (sparse teacher)",
        PlackettLuce => "Plackett–Luce distillation",
        _ => kind,
    };
}
