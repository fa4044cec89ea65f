using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Experiments;
using Workbench.Storage;
using Workbench.Web.Hosting;
using Workbench.Web.Orchestration;

namespace Workbench.Web.Api;

/// <summary>The scripting API under /api (described at /openapi/v1.json, browsable at /scalar).</summary>
public static class RunsApi
{
    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Runs");

        api.MapGet("/presets", (ModelFolders.PresetCatalog presets) => presets.All)
            .WithSummary("Built-in run configs (the demo teacher recipe and a demo distillation).");

        api.MapGet("/objectives", () => ObjectiveDescriptors.All.Select(ObjectiveDescriptorDto.From))
            .WithSummary("Every objective kind a run's terms may name, with its parameters, their defaults and ranges, and its default layer map.");

        api.MapPost("/runs", SubmitAsync)
            .Accepts<RunConfig>("application/json")
            .WithSummary("Queue a run. The body is a config object, as in GET /api/presets.");

        api.MapPost("/demos/huggingface", async Task<Results<Ok<IEnumerable<RunDto>>, ValidationProblem>> (RunService runs, CancellationToken ct) =>
            {
                var (submitted, errors) = await runs.SubmitHuggingFaceDemoAsync(ct);
                return errors.Count == 0 ? TypedResults.Ok(submitted.Select(RunDto.From)) : Invalid(errors);
            })
            .WithSummary("Queue the Hugging Face demo: the demo Llama folder trained on arithmetic, then distilled into the demo Qwen2 folder.");

        api.MapGet("/runs", async (RunStore store, CancellationToken ct) =>
                (await store.ListAsync(ct)).Select(RunDto.From))
            .WithSummary("All runs, newest first.");

        api.MapGet("/runs/{id:int}", async Task<Results<Ok<RunDto>, NotFound>> (int id, RunStore store, CancellationToken ct) =>
                await store.GetAsync(id, ct) is { } run ? TypedResults.Ok(RunDto.From(run)) : TypedResults.NotFound())
            .WithSummary("One run: status (queued, running, completed, failed, cancelled, interrupted), progress, error.");

        api.MapGet("/runs/{id:int}/metrics", async Task<Results<Ok<IReadOnlyList<MetricPoint>>, NotFound>> (
                int id, string? name, RunStore store, CancellationToken ct) =>
            {
                if (await store.GetAsync(id, ct) is null) return TypedResults.NotFound();
                var points = await store.GetMetricsAsync(id, ct);
                return TypedResults.Ok<IReadOnlyList<MetricPoint>>(name is null ? points : points.Where(p => p.Name == name).ToList());
            })
            .WithSummary("Every metric point of a run (optionally one metric by ?name=train/loss).");

        api.MapPost("/runs/{id:int}/cancel", async Task<Results<Accepted, NotFound, Conflict<string>>> (
                int id, RunService runs, RunStore store, CancellationToken ct) =>
            {
                if (await store.GetAsync(id, ct) is null) return TypedResults.NotFound();
                return await runs.CancelAsync(id, ct) ? TypedResults.Accepted($"/api/runs/{id}") : TypedResults.Conflict("The run has already finished.");
            })
            .WithSummary("Cancel a queued or running run (a running worker stops cleanly, or is killed after a grace period).");

        api.MapPost("/runs/{id:int}/resume", async Task<Results<Accepted, NotFound, Conflict<string>, ValidationProblem>> (
                int id, RunService runs, RunStore store, Resources.RunMemoryCheck memory, CancellationToken ct) =>
            {
                var result = await runs.ResumeAsync(id, ct);
                if (result == ResumeResult.OverMemoryBudget && await store.GetAsync(id, ct) is { } run
                    && (await memory.CheckAsync(RunConfigJson.Deserialize(run.ConfigJson), ct)).Error is { } error)
                    return Invalid([error]);
                return result switch
                {
                    ResumeResult.Resumed => TypedResults.Accepted($"/api/runs/{id}"),
                    ResumeResult.NotFound => TypedResults.NotFound(),
                    ResumeResult.WrongStatus => TypedResults.Conflict("Only cancelled, interrupted or failed runs can resume."),
                    _ => TypedResults.Conflict("The run has no resumable checkpoint (set checkpointEvery, or cancel it cleanly)."),
                };
            })
            .WithSummary("Continue a cancelled, interrupted or failed run from its latest resumable checkpoint, in the same run.");

        api.MapGet("/checkpoints", async (RunStore store, CancellationToken ct) =>
                (await store.TeacherCandidatesAsync(ct)).Select(CheckpointDto.From))
            .WithSummary("Final checkpoints of completed runs, usable as teachers.");

        return app;
    }

    private static async Task<Results<Created<RunDto>, ValidationProblem>> SubmitAsync(HttpRequest request, RunService runs, CancellationToken ct)
    {
        RunConfig? config;
        try
        {
            config = await JsonSerializer.DeserializeAsync<RunConfig>(request.Body, RunConfigJson.Options, ct);
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "config" : ex.Path.TrimStart('$', '.');
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [$"Invalid JSON: {ex.Message}"] });
        }
        var (run, errors) = await runs.SubmitAsync(config, ct);
        if (run is null)
            return Invalid(errors);
        return TypedResults.Created($"/api/runs/{run.Id}", RunDto.From(run));
    }

    // Problem details with each message under the field it names.
    internal static ValidationProblem Invalid(IReadOnlyList<ValidationError> errors) =>
        TypedResults.ValidationProblem(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
}
