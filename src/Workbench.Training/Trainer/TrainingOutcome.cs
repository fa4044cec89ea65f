namespace Workbench.Training.Trainer;

public enum TrainingOutcome
{
    /// <summary>Every configured step ran.</summary>
    Completed,
    /// <summary>The cancellation token stopped the run early; the checkpoint holds the steps done.</summary>
    Cancelled,
}
