using Workbench.Experiments;

namespace Workbench.Web.Orchestration;

/// <summary>
/// A built-in recipe queued part by part (later parts name earlier runs by id): remembers what it queued, so a refused part
/// withdraws the rest instead of leaving half a recipe in the queue, and names every error's field after its part.
/// </summary>
public sealed class RecipeSubmission(RunService runs)
{
    private readonly List<int> _queued = [];
    private readonly List<ValidationError> _errors = [];

    /// <summary>Queues one run; its id, or null when it was refused (the errors are kept, prefixed with <paramref name="part"/>).</summary>
    public async Task<int?> QueueAsync(string part, RunConfig config, CancellationToken ct)
    {
        var (run, errors) = await runs.SubmitAsync(config, ct);
        Refused(part, errors);
        if (run is null) return null;
        _queued.Add(run.Id);
        return run.Id;
    }

    public void Refused(string part, IReadOnlyList<ValidationError> errors) =>
        _errors.AddRange(errors.Select(e => e with { Field = $"{part}.{e.Field}" }));

    /// <summary>Cancels the runs queued so far (a worker may already have taken the first); the errors that refused the recipe.</summary>
    public async Task<IReadOnlyList<ValidationError>> WithdrawAsync(CancellationToken ct)
    {
        foreach (var runId in _queued) await runs.CancelAsync(runId, ct);
        return _errors;
    }
}
