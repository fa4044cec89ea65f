using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Storage;
using Workbench.Storage.Queries;
using Workbench.Web.Analysis;
using Workbench.Web.Hosting;
using Workbench.Web.Orchestration;
using Workbench.Web.Tracking;

namespace Workbench.Web.Api;

/// <summary>The tracker API: runs table with filter and CSV, tags/notes/archive, delete, downsampled charts, comparisons, full-resolution export.</summary>
public static class TrackingApi
{
    public static IEndpointRouteBuilder MapTrackingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Tracking");

        api.MapGet("/runs/table", async Task<Results<Ok<List<RunRowDto>>, ValidationProblem>> (
                string? filter, bool? archived, RunTableService table, CancellationToken ct) =>
            {
                if (!TryParse(filter, out var expression, out var error)) return FilterProblem(error);
                var rows = RunTableService.Filter(await table.LoadAsync(archived ?? false, ct), expression);
                return TypedResults.Ok(rows.Select(RunRowDto.From).ToList());
            })
            .WithSummary("Runs with flattened config and last metric values, filtered, e.g. ?filter=objective == \"forward_kl\" and eval.accuracy > 0.6.");

        api.MapGet("/runs/table.csv", async Task<Results<FileContentHttpResult, ValidationProblem>> (
                string? filter, bool? archived, string? columns, RunTableService table, CancellationToken ct) =>
            {
                if (!TryParse(filter, out var expression, out var error)) return FilterProblem(error);
                var rows = RunTableService.Filter(await table.LoadAsync(archived ?? false, ct), expression);
                var keys = string.IsNullOrWhiteSpace(columns)
                    ? [.. RunTableService.ConfigKeys(rows), .. RunTableService.MetricKeys(rows)]
                    : columns.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                return TypedResults.File(Encoding.UTF8.GetBytes(RunTableService.ToCsv(rows, keys)), "text/csv", "runs.csv");
            })
            .WithSummary("The runs table as CSV (?columns=a,b picks the columns after id, name, status, tags, notes, archived).");

        api.MapMethods("/runs/{id:int}", ["PATCH"], async Task<Results<NoContent, NotFound, ValidationProblem>> (
                int id, RunTrackingUpdate? update, RunTrackingStore tracking, CancellationToken ct) =>
            {
                if (RunTrackingUpdateValidator.Validate(update) is { Count: > 0 } errors)
                    return TypedResults.ValidationProblem(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
                return await tracking.UpdateAsync(id, update!.Tags, update.Notes, update.Archived, ct) ? TypedResults.NoContent() : TypedResults.NotFound();
            })
            .WithSummary("Set tags, notes or archived on a run.");

        api.MapDelete("/runs/{id:int}", async Task<Results<NoContent, NotFound, Conflict<string>>> (int id, RunService runs, CancellationToken ct) =>
                await runs.DeleteAsync(id, ct) switch
                {
                    RunDeletion.Deleted => TypedResults.NoContent(),
                    RunDeletion.NotFound => TypedResults.NotFound(),
                    _ => TypedResults.Conflict("Cancel the run before deleting it."),
                })
            .WithSummary("Delete a finished run with its metrics and checkpoint files.");

        api.MapGet("/runs/{id:int}/series", async (int id, string name, int? points, long? from, long? to, string? x,
                ChartQueryService charts, CancellationToken ct) =>
                ChartDto.Of(await charts.QueryAsync([id], name, XAxes.Parse(x), points ?? ChartQueryService.DefaultPoints, from, to, ct)))
            .WithSummary("One metric downsampled to about ?points= (default 1500) by min/max per step bucket; ?from=&to= (steps) re-query a zoomed range; ?x=step|tokens|time|relative.");

        api.MapGet("/runs/{id:int}/metrics.csv", async Task<Results<PushStreamHttpResult, NotFound>> (
                int id, string name, RunStore store, MetricSeriesReader reader, CancellationToken ct) =>
            {
                if (await store.GetAsync(id, ct) is null) return TypedResults.NotFound();
                return TypedResults.Stream(async stream =>
                {
                    await using var writer = new StreamWriter(stream, new UTF8Encoding(false));
                    await writer.WriteAsync("step,value,wall_time\r\n");
                    await foreach (var p in reader.ReadAllAsync(id, name, ct))
                        await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"{p.Step},{p.Value:R},{p.WallTime:O}\r\n"));
                }, "text/csv", $"run-{id}-{name.Replace('/', '_')}.csv");
            })
            .WithSummary("One metric at full resolution as CSV (the JSON form is GET /api/runs/{id}/metrics?name=).");

        api.MapGet("/compare", async Task<Results<Ok<ComparisonDto>, ValidationProblem>> (
                string runs, string? metric, int? points, long? from, long? to, string? x, int? baseline, bool? differencesOnly,
                RunTableService table, ChartQueryService charts, CancellationToken ct) =>
            {
                var ids = ParseIds(runs);
                if (ids.Count is < 1 or > ChartQueryService.MaxRuns) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["runs"] = [$"Choose 1 to {ChartQueryService.MaxRuns} runs."] });
                var rows = await table.LoadManyAsync(ids, ct);
                var chart = await charts.QueryAsync(ids, metric ?? Experiments.MetricNames.TrainLoss, XAxes.Parse(x),
                    points ?? ChartQueryService.DefaultPoints, from, to, ct);
                return TypedResults.Ok(new ComparisonDto(ids, baseline, ChartDto.Of(chart),
                    ConfigDiffer.Compare(rows.Select(r => r.Config).ToList(), differencesOnly ?? false),
                    SummaryComparison.Build(rows, baseline ?? ids[0])));
            })
            .WithSummary("Compare 1-20 runs (?runs=1,2,3): one metric on a shared grid, the config diff and final metrics with deltas to ?baseline=.");

        return app;
    }

    public static IReadOnlyList<int> ParseIds(string? runs) =>
        (runs ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1)
            .Where(id => id > 0).Distinct().ToList();

    // Problem details naming `filter`, keeping the message and 1-based column at the top level as before (error, column).
    private static ValidationProblem FilterProblem(FilterErrorDto error) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["filter"] = [error.Error] },
            extensions: new Dictionary<string, object?> { ["error"] = error.Error, ["column"] = error.Column });

    private static bool TryParse(string? filter, out FilterExpression expression, out FilterErrorDto error)
    {
        try
        {
            expression = FilterExpression.Parse(filter);
            error = null!;
            return true;
        }
        catch (FilterSyntaxException ex)
        {
            expression = FilterExpression.All;
            error = new FilterErrorDto(ex.Message, ex.Column);
            return false;
        }
    }
}
