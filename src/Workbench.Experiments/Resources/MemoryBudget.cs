namespace Workbench.Experiments.Resources;

/// <summary>How much memory one run may plan to use, and where that number comes from (for the refusal message).</summary>
/// <param name="Bytes">The budget.</param>
/// <param name="Source">"Workbench:MemoryBudgetMb", or "Workbench:MemoryBudgetFraction 0.6 of 24 GB".</param>
public sealed record MemoryBudget(long Bytes, string Source)
{
    /// <summary>Null when the run fits; else the message, naming the estimate, what it is made of and the budget.</summary>
    public string? Refusal(MemoryEstimate estimate) => estimate.TotalBytes <= Bytes ? null
        : $"This run needs about {MemoryEstimate.Format(estimate.TotalBytes)} ({estimate.Describe()}), over the " +
          $"{MemoryEstimate.Format(Bytes)} budget ({Source}). Lower the batch size, context, width or layers, or raise Workbench:MemoryBudgetMb.";
}
