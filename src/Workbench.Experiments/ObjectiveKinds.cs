namespace Workbench.Experiments;

/// <summary>Names of the objectives a run may combine (see shared/specs/objectives.md).</summary>
public static class ObjectiveKinds
{
    /// <summary>Cross-entropy on the target tokens (objectives.md §1.1).</summary>
    public const string CrossEntropy = "cross_entropy";
    /// <summary>Forward KL(teacher ‖ student) at temperature T, scaled by T² (objectives.md §1.3).</summary>
    public const string ForwardKl = "forward_kl";

    public static IReadOnlyList<string> All { get; } = [CrossEntropy, ForwardKl];

    public static bool NeedsTeacher(string kind) => kind == ForwardKl;

    public static string DisplayName(string kind) => kind switch
    {
        CrossEntropy => "Cross-entropy (target)",
        ForwardKl => "Forward KL (teacher ‖ student)",
        _ => kind,
    };
}
