namespace Workbench.Experiments.Sweeps;

/// <summary>The runs a sweep expands to, in queue order, or the errors (each naming its field) when it cannot be queued.</summary>
public sealed record SweepExpansion(IReadOnlyList<SweepRun> Runs, IReadOnlyList<ValidationError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
