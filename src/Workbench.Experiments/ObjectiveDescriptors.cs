namespace Workbench.Experiments;

/// <summary>
/// One <see cref="ObjectiveDescriptor"/> per objective kind, in the order the form offers them. The citations point to
/// shared/specs/objectives.md, except the cross-tokenizer kinds (docs/objectives-cross-tokenizer.md).
/// </summary>
public static class ObjectiveDescriptors
{
    public static IReadOnlyList<ObjectiveDescriptor> All { get; } =
    [
        new(ObjectiveKinds.CrossEntropy, "Cross-entropy (target)", "objectives.md §1.1") { NeedsTeacher = false, UsesTemperature = false },
        new(ObjectiveKinds.ForwardKl, "Forward KL (teacher ‖ student)", "objectives.md §1.3") { FromStore = StoreFormulas.Buckets },
        new(ObjectiveKinds.ReverseKl, "Reverse KL (student ‖ teacher)", "objectives.md §1.4") { FromStore = StoreFormulas.Buckets },
        new(ObjectiveKinds.Jsd, "Generalized JSD(β)", "objectives.md §1.5") { Parameters = [ObjectiveParameter.Beta], FromStore = StoreFormulas.Buckets },
        new(ObjectiveKinds.SkewKl, "Skew KL (DistiLLM)", "objectives.md §1.6") { Parameters = [ObjectiveParameter.SkewAlpha], FromStore = StoreFormulas.Buckets },
        new(ObjectiveKinds.SkewReverseKl, "Skew reverse KL (DistiLLM)", "objectives.md §1.6") { Parameters = [ObjectiveParameter.SkewAlpha], FromStore = StoreFormulas.Buckets },
        new(ObjectiveKinds.TotalVariation, "Total variation distance", "objectives.md §1.7") { FromStore = StoreFormulas.Buckets },
        new(ObjectiveKinds.TopKKl, "Top-k KL (sparse teacher)", "objectives.md §2") { Parameters = [ObjectiveParameter.TopK, ObjectiveParameter.MissingMass], FromStore = StoreFormulas.TopK },
        new(ObjectiveKinds.PlackettLuce, "Plackett–Luce distillation", "objectives.md §3") { Parameters = [ObjectiveParameter.Ranks], FromStore = StoreFormulas.PlackettLuce },
        new(ObjectiveKinds.AttentionTransfer, "Attention transfer (MiniLM)", "objectives.md §4.3, §4.2")
        {
            Reads = ObjectiveInput.Features, UsesTemperature = false, DefaultLayerMap = ObjectiveTerm.LayerMapLast,   // §4.5: last layer only as default
        },
        new(ObjectiveKinds.ValueRelation, "Value relation (MiniLM)", "objectives.md §4.3, §4.4")
        {
            Reads = ObjectiveInput.Features, UsesTemperature = false, DefaultLayerMap = ObjectiveTerm.LayerMapLast, Parameters = [ObjectiveParameter.RelationHeads],
        },
        new(ObjectiveKinds.HiddenMse, "Hidden-state MSE (projected)", "objectives.md §5.1")
        {
            Reads = ObjectiveInput.Features, UsesTemperature = false, DefaultLayerMap = ObjectiveTerm.LayerMapUniform, LayerMapAllowsEmbeddings = true,   // TinyBERT
        },
        new(ObjectiveKinds.HiddenCosine, "Hidden-state cosine (projected)", "objectives.md §5.1")
        {
            Reads = ObjectiveInput.Features, UsesTemperature = false, DefaultLayerMap = ObjectiveTerm.LayerMapUniform, LayerMapAllowsEmbeddings = true,
        },
        new(ObjectiveKinds.Nd, "ND loss (feature norm and direction)", "objectives.md §5.2") { Reads = ObjectiveInput.Features, UsesTemperature = false },
        new(ObjectiveKinds.Uld, "Universal logit distillation (ULD, any tokenizers)", "objectives-cross-tokenizer.md §1") { Reads = ObjectiveInput.AlignedLogits },
        new(ObjectiveKinds.TokenAlignment, "Span-aligned KL + ULD (GOLD-style, any tokenizers)", "objectives-cross-tokenizer.md §2") { Reads = ObjectiveInput.AlignedLogits },
    ];

    private static readonly Dictionary<string, ObjectiveDescriptor> s_byName = All.ToDictionary(d => d.Name);

    /// <summary>The descriptor of <paramref name="kind"/>, or null for an unknown kind.</summary>
    public static ObjectiveDescriptor? Find(string? kind) => kind is null ? null : s_byName.GetValueOrDefault(kind);

    /// <summary>The descriptor of <paramref name="kind"/>.</summary>
    /// <exception cref="ArgumentException">The kind is unknown.</exception>
    public static ObjectiveDescriptor Get(string kind) =>
        Find(kind) ?? throw new ArgumentException($"Unknown objective '{kind}'. Known: {string.Join(", ", All.Select(d => d.Name))}.");
}
