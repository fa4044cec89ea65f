using Workbench.Training.Data;

namespace Workbench.Training.Leaf.Pipeline;

/// <summary>
/// A stage-2 training row: an original sample, or a counterfactual of it (one confounding span deleted, re-tokenised).
/// The teacher reads the same row as the student, so the counterfactual is distilled from the teacher's view of the pruned input.
/// </summary>
/// <param name="Source">Index of the original sample in the training split.</param>
public sealed record LeafExample(ArithmeticProblem Problem, bool IsCounterfactual, int Source);
