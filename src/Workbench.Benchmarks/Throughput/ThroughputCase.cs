using Workbench.Experiments;

namespace Workbench.Benchmarks.Throughput;

/// <summary>
/// One workload of the training benchmark. Distillation steps add their family's term to cross-entropy, as runs do;
/// the cross-entropy-only step has no teacher at all.
/// </summary>
/// <param name="Id">Command-line name.</param>
/// <param name="Title">What the table calls it.</param>
/// <param name="Kind">Which code path it measures.</param>
/// <param name="Terms">The loss's terms, for distillation steps.</param>
public sealed record ThroughputCase(string Id, string Title, ThroughputCaseKind Kind, IReadOnlyList<ObjectiveTerm> Terms)
{
    private static readonly ObjectiveTerm s_ce = new() { Kind = ObjectiveKinds.CrossEntropy };

    public static IReadOnlyList<ThroughputCase> All { get; } =
    [
        new("teacher_forward", "teacher forward (no grad)", ThroughputCaseKind.TeacherForward, []),
        Step("ce", "step: ce (no teacher)", []),
        Step("forward_kl", "step: ce + forward_kl", [new() { Kind = ObjectiveKinds.ForwardKl, Temperature = 2 }]),
        Step("top_k_kl", $"step: ce + top_k_kl (k = {ObjectiveTerm.DefaultTopK})", [new() { Kind = ObjectiveKinds.TopKKl, TopK = ObjectiveTerm.DefaultTopK }]),
        Step("plackett_luce", $"step: ce + plackett_luce (k = {ObjectiveTerm.DefaultTopK})", [new() { Kind = ObjectiveKinds.PlackettLuce, TopK = ObjectiveTerm.DefaultTopK }]),
        Step("feature", "step: ce + hidden_mse (projected, uniform) + attention_transfer (last)",
             [new() { Kind = ObjectiveKinds.HiddenMse }, new() { Kind = ObjectiveKinds.AttentionTransfer }]),
        new("saliency_student", "input gradient: student", ThroughputCaseKind.StudentSaliency, []),
        new("saliency_teacher", "input gradient: teacher", ThroughputCaseKind.TeacherSaliency, []),
    ];

    public static ThroughputCase Named(string id) =>
        All.FirstOrDefault(c => c.Id == id) ?? throw new ArgumentException($"Unknown case '{id}'. Known: {string.Join(", ", All.Select(c => c.Id))}.");

    public bool NeedsTeacher => Kind is ThroughputCaseKind.TeacherForward or ThroughputCaseKind.TeacherSaliency
                                || Terms.Any(t => ObjectiveKinds.NeedsTeacher(t.Kind));

    public bool NeedsStudent => Kind is not (ThroughputCaseKind.TeacherForward or ThroughputCaseKind.TeacherSaliency);

    private static ThroughputCase Step(string id, string title, IReadOnlyList<ObjectiveTerm> family) =>
        new(id, title, ThroughputCaseKind.DistillationStep, [s_ce, .. family]);
}
