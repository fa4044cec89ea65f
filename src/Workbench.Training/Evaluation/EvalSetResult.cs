using Workbench.Experiments.Evaluation;

namespace Workbench.Training.Evaluation;

/// <summary>One evaluation of a set: its metrics (full names, "eval/ood/accuracy") and the predictions kept.</summary>
public sealed record EvalSetResult(IReadOnlyList<(string Name, double Value)> Metrics, IReadOnlyList<SamplePrediction> Predictions);
