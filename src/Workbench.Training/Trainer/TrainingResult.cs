namespace Workbench.Training.Trainer;

/// <summary>How a run ended.</summary>
/// <param name="Outcome">Completed or Cancelled.</param>
/// <param name="Steps">Optimizer steps done.</param>
/// <param name="FinalCheckpointPath">The <c>model.safetensors</c> written at the end.</param>
/// <param name="FinalEval">The last evaluation (none when cancelled before the first one).</param>
public sealed record TrainingResult(TrainingOutcome Outcome, int Steps, string FinalCheckpointPath, EvalResult? FinalEval = null);
