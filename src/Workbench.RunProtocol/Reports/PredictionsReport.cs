using Workbench.Experiments.Evaluation;

namespace Workbench.RunProtocol.Reports;

/// <summary>What the models generated for an evaluation set's samples at one evaluation.</summary>
public sealed record PredictionsReport(int RunId, long Sequence, EvalPredictions Predictions) : RunReport(RunId, Sequence);
