using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Experiments;
using Workbench.Experiments.Sweeps;
using Workbench.Storage;
using Workbench.Web.Analysis;
using Workbench.Web.Hosting;
using Workbench.Web.Orchestration;

namespace Workbench.Web.Api;

/// <summary>Groups (experiments) and the sweeps that queue them.</summary>
public static class GroupsApi
{
    public static IEndpointRouteBuilder MapGroupsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Groups and sweeps");

        api.MapPost("/sweeps", SubmitSweepAsync)
            .Accepts<SweepSpec>("application/json")
            .WithSummary("Queue a sweep: a base config, seeds and axes ({\"path\": \"leaf.rho\", \"values\": [0.05, 0.1]}); the Cartesian product becomes one group.");

        api.MapGet("/groups", async (GroupStore groups, CancellationToken ct) => await groups.ListAsync(ct))
            .WithSummary("Every group, newest first, with its runs counted by status.");

        api.MapGet("/groups/{id:int}", async Task<Results<Ok<GroupDto>, NotFound>> (int id, GroupStore groups, CancellationToken ct) =>
                await groups.GetAsync(id, ct) is { } group ? TypedResults.Ok(GroupDto.From(group)) : TypedResults.NotFound())
            .WithSummary("One group: its sweep, baseline and runs (status, axis values, seed, config).");

        api.MapPatch("/groups/{id:int}", UpdateAsync)
            .Accepts<GroupPatch>("application/json")
            .WithSummary("Rename a group, change its notes or its baseline ({\"baseline\": {\"leaf.mask\": \"none\"}}; {} clears it).");

        return app;
    }

    private static async Task<Results<Created<SweepCreated>, ValidationProblem>> SubmitSweepAsync(HttpRequest request, SweepService sweeps, CancellationToken ct)
    {
        var (spec, problem) = await JsonBody.ReadAsync<SweepSpec>(request, ct);
        if (problem is not null) return problem;
        var (group, errors) = await sweeps.SubmitAsync(spec, ct);
        if (group is null) return RunsApi.Invalid(errors);
        return TypedResults.Created($"/api/groups/{group.Id}", new SweepCreated(group.Id, group.Runs.Select(r => r.Id).ToList()));
    }

    private static async Task<Results<Ok<GroupDto>, NotFound, ValidationProblem>> UpdateAsync(int id, HttpRequest request, GroupStore groups, CancellationToken ct)
    {
        if (await groups.GetAsync(id, ct) is not { } group) return TypedResults.NotFound();
        var (patch, problem) = await JsonBody.ReadAsync<GroupPatch>(request, ct);
        if (problem is not null) return problem;
        if (patch is null) return RunsApi.Invalid([new("body", "A JSON object is required.")]);

        var errors = new List<ValidationError>();
        if (patch.Name is not null && GroupNames.Validate(patch.Name) is { } nameProblem) errors.Add(new("name", nameProblem));
        if (patch.Baseline is { Count: > 0 } baseline) errors.AddRange(SweepExpander.BaselineErrors(GroupSweep.Parse(group)?.Axes, baseline));
        if (errors.Count > 0) return RunsApi.Invalid(errors);

        var baselineJson = patch.Baseline switch
        {
            null => null,
            { Count: 0 } => "",
            var chosen => JsonSerializer.Serialize(chosen, RunConfigJson.Options),
        };
        await groups.UpdateAsync(id, patch.Name, patch.Notes, baselineJson, ct);
        return TypedResults.Ok(GroupDto.From((await groups.GetAsync(id, ct))!));
    }
}
