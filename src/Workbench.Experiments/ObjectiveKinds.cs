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

    /// <summary>MiniLM attention-distribution transfer, KL per query row and head (objectives.md §4.3, §4.2); parameter <c>layerMap</c>.</summary>
    public const string AttentionTransfer = "attention_transfer";
    /// <summary>MiniLM value-relation transfer, KL of softmax(VVᵀ/√d) rows (objectives.md §4.3, §4.4); <c>layerMap</c>, <c>relationHeads</c>.</summary>
    public const string ValueRelation = "value_relation";
    /// <summary>Hidden-state MSE through a learned projection (objectives.md §5.1); parameter <c>layerMap</c>.</summary>
    public const string HiddenMse = "hidden_mse";
    /// <summary>Hidden-state cosine distance through a learned projection (objectives.md §5.1); parameter <c>layerMap</c>.</summary>
    public const string HiddenCosine = "hidden_cosine";
    /// <summary>ND loss: final features toward the teacher's class-mean direction and norm (objectives.md §5.2).</summary>
    public const string Nd = "nd";

    public static IReadOnlyList<string> All { get; } =
        [CrossEntropy, ForwardKl, ReverseKl, Jsd, SkewKl, SkewReverseKl, TotalVariation, TopKKl, PlackettLuce,
         AttentionTransfer, ValueRelation, HiddenMse, HiddenCosine, Nd];

    /// <summary>The terms that compare intermediate features (attention, values, hidden states) rather than logits.</summary>
    public static IReadOnlyList<string> Feature { get; } = [AttentionTransfer, ValueRelation, HiddenMse, HiddenCosine, Nd];

    /// <summary>Every term except cross-entropy compares the student with the teacher.</summary>
    public static bool NeedsTeacher(string kind) => All.Contains(kind) && kind != CrossEntropy;

    /// <summary>Whether the term reads the models' intermediate features (see <see cref="Feature"/>).</summary>
    public static bool IsFeature(string kind) => Feature.Contains(kind);

    /// <summary>Whether the term pairs student and teacher layers through <see cref="ObjectiveTerm.LayerMap"/>.</summary>
    public static bool UsesLayerMap(string kind) => kind is AttentionTransfer or ValueRelation or HiddenMse or HiddenCosine;

    /// <summary>
    /// The layer map a term uses when none is set: the last layers only for attention terms (MiniLM; objectives.md
    /// §4.5 "last layer only as default"), every student layer uniformly for hidden states (TinyBERT).
    /// </summary>
    public static string? DefaultLayerMap(string kind) => kind switch
    {
        AttentionTransfer or ValueRelation => ObjectiveTerm.LayerMapLast,
        HiddenMse or HiddenCosine => ObjectiveTerm.LayerMapUniform,
        _ => null,
    };

    /// <summary>Whether <see cref="ObjectiveTerm.Temperature"/> has an effect (for Plackett–Luce it is τ_T, teacher side only).</summary>
    public static bool UsesTemperature(string kind) => NeedsTeacher(kind) && !IsFeature(kind);

    /// <summary>The one extra parameter a kind takes besides weight and temperature, or null.</summary>
    public static ObjectiveParameter? Parameter(string kind) => kind switch
    {
        Jsd => ObjectiveParameter.Beta,
        SkewKl or SkewReverseKl => ObjectiveParameter.SkewAlpha,
        TopKKl => ObjectiveParameter.TopK,
        PlackettLuce => ObjectiveParameter.Ranks,
        ValueRelation => ObjectiveParameter.RelationHeads,
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
        AttentionTransfer => "Attention transfer (MiniLM)",
        ValueRelation => "Value relation (MiniLM)",
        HiddenMse => "Hidden-state MSE (projected)",
        HiddenCosine => "Hidden-state cosine (projected)",
        Nd => "ND loss (feature norm and direction)",
        _ => kind,
    };
}
