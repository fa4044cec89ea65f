using Workbench.Experiments.Evaluation;
using Workbench.Training.Data;

namespace Workbench.Training.Evaluation;

/// <summary>An evaluation set resolved to its samples, tokenised like the run (the first <see cref="EvalSet.Samples"/> of the split).</summary>
public sealed record EvalSetData(EvalSet Set, IReadOnlyList<ArithmeticProblem> Problems);
