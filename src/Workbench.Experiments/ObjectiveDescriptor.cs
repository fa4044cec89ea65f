namespace Workbench.Experiments;

/// <summary>
/// Everything about one objective kind that is not its maths: its config name and display name, where its formula is written,
/// whether it needs a teacher, what it reads (<see cref="ObjectiveInput"/>), its typed parameters with defaults and ranges, and
/// the layer map it uses by default. Validation, the New run form, the trainer's factory and <c>GET /api/objectives</c> all read
/// it (<see cref="ObjectiveDescriptors"/>); a new kind is one descriptor there plus one implementation class in training.
/// </summary>
/// <param name="Name">The <c>kind</c> of a term in a config, e.g. "forward_kl".</param>
/// <param name="DisplayName">What the form and the charts call it.</param>
/// <param name="Source">Where its formula is defined, e.g. "objectives.md §1.3".</param>
public sealed record ObjectiveDescriptor(string Name, string DisplayName, string Source)
{
    public bool NeedsTeacher { get; init; } = true;
    public ObjectiveInput Reads { get; init; } = ObjectiveInput.Logits;
    /// <summary>Whether <see cref="ObjectiveTerm.Temperature"/> has an effect (for Plackett–Luce it is τ_T, teacher side only).</summary>
    public bool UsesTemperature { get; init; } = true;
    /// <summary>The parameters the kind takes besides weight and temperature, in form order.</summary>
    public IReadOnlyList<ObjectiveParameter> Parameters { get; init; } = [];
    /// <summary>The layer map used when a term sets none; null = the kind pairs no layers (takes no <c>layerMap</c>).</summary>
    public string? DefaultLayerMap { get; init; }
    /// <summary>Whether an explicit layer map may name layer 0, the embeddings (hidden states).</summary>
    public bool LayerMapAllowsEmbeddings { get; init; }

    /// <summary>
    /// What the kind computes from a teacher-logit store (the teacher's top-k log-probabilities and the log of the mass left
    /// outside them), with its citation; null = the kind needs the live teacher (features, aligned logits) or no teacher.
    /// </summary>
    public string? FromStore { get; init; }

    /// <summary>Whether a run may train this kind from a teacher-logit store (<see cref="FromStore"/>).</summary>
    public bool ReadsTeacherStore => FromStore is not null;

    public bool IsFeature => Reads == ObjectiveInput.Features;
    public bool UsesLayerMap => DefaultLayerMap is not null;

    /// <summary>Whether the kind works when teacher and student tokenize differently: it needs no teacher, or reads aligned logits.</summary>
    public bool WorksAcrossTokenizers => !NeedsTeacher || Reads == ObjectiveInput.AlignedLogits;

    /// <summary>The parameter stored in JSON field <paramref name="field"/>, or null when the kind takes none there.</summary>
    public ObjectiveParameter? Parameter(string field) => Parameters.FirstOrDefault(p => p.Field == field);
}
