namespace Workbench.Web.Hosting;

/// <summary>What <see cref="Orchestration.RunService.ResumeAsync"/> did.</summary>
public enum ResumeResult
{
    /// <summary>Queued again; the scheduler continues it from its latest resumable checkpoint.</summary>
    Resumed,
    NotFound,
    /// <summary>Only cancelled, interrupted and failed runs resume.</summary>
    WrongStatus,
    /// <summary>The run saved no resumable checkpoint (set <c>checkpointEvery</c>), or its folders are gone.</summary>
    NoCheckpoint,
    /// <summary>The run's memory estimate is over the budget (which may have been lowered since it was queued).</summary>
    OverMemoryBudget,
}
