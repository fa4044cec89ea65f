namespace Workbench.Experiments.OnPolicy;

/// <summary>A token the student wrote, as text, and the teacher's log-probability of it in its context (nats; null without a teacher).</summary>
public sealed record PolicyToken(string Text, double? TeacherLogProb);
