namespace Workbench.Experiments.Evaluation;

/// <summary>One sample of an evaluation set as the predictions view shows it, reported once per run.</summary>
/// <param name="Set">The evaluation set's name.</param>
/// <param name="Index">The sample's position in the set.</param>
/// <param name="Prompt">The prompt text.</param>
/// <param name="Gold">The gold answer (the sample's answer, or the one extracted from its completion).</param>
/// <param name="Spans">Gold confounder spans as [start, end) character offsets into <paramref name="Prompt"/>; empty when none.</param>
public sealed record EvalSample(string Set, int Index, string Prompt, string Gold, int[][] Spans);
