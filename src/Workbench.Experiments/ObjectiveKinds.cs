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

    /// <summary>Universal logit distillation: L1 between sorted probability vectors, any tokenizers (objectives-cross-tokenizer.md §1).</summary>
    public const string Uld = "uld";
    /// <summary>KL over shared vocabulary and ULD over the rest, on distributions merged over character-aligned spans (objectives-cross-tokenizer.md §2).</summary>
    public const string TokenAlignment = "token_alignment";

    // Everything else about a kind lives in its ObjectiveDescriptor; these read it.

    public static IReadOnlyList<string> All { get; } = [.. ObjectiveDescriptors.All.Select(d => d.Name)];

    /// <summary>The terms that compare intermediate features (attention, values, hidden states) rather than logits.</summary>
    public static IReadOnlyList<string> Feature { get; } = [.. ObjectiveDescriptors.All.Where(d => d.IsFeature).Select(d => d.Name)];

    /// <summary>Whether the term compares the student with a teacher (every kind except cross-entropy).</summary>
    public static bool NeedsTeacher(string kind) => ObjectiveDescriptors.Find(kind)?.NeedsTeacher ?? false;

    /// <summary>Whether the term reads the models' intermediate features (see <see cref="Feature"/>).</summary>
    public static bool IsFeature(string kind) => ObjectiveDescriptors.Find(kind)?.IsFeature ?? false;

    /// <summary>Whether the term pairs student and teacher layers through <see cref="ObjectiveTerm.LayerMap"/>.</summary>
    public static bool UsesLayerMap(string kind) => ObjectiveDescriptors.Find(kind)?.UsesLayerMap ?? false;

    /// <summary>The layer map a term uses when none is set (<see cref="ObjectiveDescriptor.DefaultLayerMap"/>).</summary>
    public static string? DefaultLayerMap(string kind) => ObjectiveDescriptors.Find(kind)?.DefaultLayerMap;

    /// <summary>Whether <see cref="ObjectiveTerm.Temperature"/> has an effect.</summary>
    public static bool UsesTemperature(string kind) => ObjectiveDescriptors.Find(kind)?.UsesTemperature ?? false;

    /// <summary>The first numeric parameter a kind takes besides weight and temperature, or null.</summary>
    public static ObjectiveParameter? Parameter(string kind) =>
        ObjectiveDescriptors.Find(kind)?.Parameters.FirstOrDefault(p => p.Type != ObjectiveParameterType.Choice);

    public static string DisplayName(string kind) => ObjectiveDescriptors.Find(kind)?.DisplayName ?? kind;
}
