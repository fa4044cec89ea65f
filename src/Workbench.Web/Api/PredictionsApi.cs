using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Experiments.Evaluation;
using Workbench.Storage;

namespace Workbench.Web.Api;

/// <summary>Per-sample predictions of a run's evaluation sets over HTTP.</summary>
public static class PredictionsApi
{
    public static IEndpointRouteBuilder MapPredictionsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api").WithTags("Predictions").MapGet("/runs/{id:int}/predictions", GetAsync)
            .WithSummary("An evaluation set's samples with the teacher's, the starting student's and the student's answers at a step. " +
                         "?set=<name>&step=<eval step, default the latest>&filter=all|fixed|broken|still_wrong|copied");
        return app;
    }

    /// <summary>The page, or a field-named 400 for an unknown set, step or filter (404 for a missing run).</summary>
    public static async Task<Results<Ok<PredictionsResponse>, ValidationProblem, NotFound>> GetAsync(
        int id, string? set, string? step, string? filter, RunStore runs, PredictionStore predictions, CancellationToken ct)
    {
        if (await runs.GetAsync(id, ct) is null) return TypedResults.NotFound();
        var sets = await predictions.SetsAsync(id, ct);
        filter ??= PredictionFilters.All;
        if (!PredictionFilters.Names.Contains(filter))
            return Invalid("filter", $"Unknown filter '{filter}'. Known: {string.Join(", ", PredictionFilters.Names)}.");
        if (set is not null && !sets.Contains(set))
            return Invalid("set", sets.Count == 0 ? $"Run {id} has no predictions." : $"Run {id} has no evaluation set '{set}'. It has: {string.Join(", ", sets)}.");
        long? at = null;
        if (step is not null)
        {
            if (!long.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
                return Invalid("step", "Step must be a whole number of steps, 0 or more.");
            at = parsed;
        }
        var name = set ?? (sets.Count > 0 ? sets[0] : null);
        if (name is null)
        {
            if (at is not null) return Invalid("step", $"Run {id} has no predictions.");
            return TypedResults.Ok(new PredictionsResponse(sets, new PredictionsPage("", [], 0, filter, PredictionFilters.Names.ToDictionary(f => f, _ => 0), [])));
        }
        if (at is { } wanted && !(await predictions.StepsAsync(id, name, ct)).Contains(wanted))
            return Invalid("step", $"Set '{name}' has no predictions at step {wanted}.");
        return TypedResults.Ok(new PredictionsResponse(sets, await predictions.GetAsync(id, name, at, filter, ct)));
    }

    private static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
