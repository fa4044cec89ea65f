namespace Workbench.Experiments.Evaluation;

/// <summary>One completion's answer (by the run's rule), whether it is right, and whether it copies a confounder's number.</summary>
public sealed record AnswerScore(string Extracted, bool Correct, bool CopiedConfounder);
