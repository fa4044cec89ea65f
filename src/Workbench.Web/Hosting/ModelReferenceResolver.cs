using Workbench.Experiments;
using Workbench.Storage;

namespace Workbench.Web.Hosting;

/// <summary>
/// Checks a submitted teacher or student reference and pins it: a run name becomes the id of the newest completed, queued
/// or running run of that name, once, so a later run of the same name never changes what queued work loads.
/// </summary>
public sealed class ModelReferenceResolver(RunStore store)
{
    /// <summary>The model as it is stored, or <paramref name="model"/> unchanged with an error added (field <c>&lt;role&gt;.run</c> or <c>.checkpoint</c>).</summary>
    public async Task<ModelRef> ResolveAsync(ModelRef model, string role, List<ValidationError> errors, CancellationToken ct)
    {
        if (model.Run is { } runId)
        {
            if (await RunProblemAsync(runId, ct) is { } problem) errors.Add(new($"{role}.run", problem));
            return model;
        }
        if (model.Checkpoint is not { } reference) return model;
        if (int.TryParse(reference, out _))
        {
            if (await store.ResolveCheckpointAsync(reference, ct) is null) errors.Add(new($"{role}.checkpoint", $"No checkpoint with id {reference}."));
            return model;
        }
        if (await store.NewestUsableRunNamedAsync(reference, ct) is not { } run)
        {
            errors.Add(new($"{role}.checkpoint", $"No completed, queued or running run named '{reference}'."));
            return model;
        }
        return model with { Checkpoint = null, Run = run.Id };
    }

    private async Task<string?> RunProblemAsync(int runId, CancellationToken ct)
    {
        if (await store.GetAsync(runId, ct) is not { } run) return $"No run {runId}.";
        return run.Status switch
        {
            RunStatus.Completed when run.Checkpoints.Count == 0 => $"Run {runId} completed without saving a checkpoint.",
            RunStatus.Completed or RunStatus.Queued or RunStatus.Running => null,
            var status => $"Run {runId} is {status.ToString().ToLowerInvariant()}; it will not produce a model.",
        };
    }
}
