using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Web.Analysis;
using Workbench.Web.Analysis.Verdicts;
using Workbench.Web.Tracking;

namespace Workbench.Web.Api;

/// <summary>The verdict over a set of runs as JSON, the numbers the compare and group pages lead with.</summary>
public static class VerdictApi
{
    public static IEndpointRouteBuilder MapVerdictApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/verdict", async Task<Results<Ok<VerdictDto>, ValidationProblem>> (
                string? runs, int? baseline, string? keys, HttpContext http, RunTableService table, CancellationToken ct) =>
            {
                var ids = TrackingApi.ParseIds(runs);
                if (ids.Count is < 1 or > ChartQueryService.MaxGroupedRuns)
                    return Problem("runs", $"Give 1 to {ChartQueryService.MaxGroupedRuns} run ids, e.g. ?runs=1,2,3.");
                var rows = await table.LoadManyAsync(ids, ct);
                var missing = ids.Except(rows.Select(r => r.Id)).ToList();
                if (missing.Count > 0) return Problem("runs", $"No run with id {string.Join(", ", missing)}.");
                if (baseline is { } b && !ids.Contains(b)) return Problem("baseline", $"Run {b} is not among ?runs=.");
                if (!VerdictBuilder.HasCountedRuns(rows)) return Problem("runs", "Every run failed or was cancelled: there is nothing to compare.");
                var extra = (keys ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

                // Server-Timing reports the aggregation alone (grouping, intervals, sentences), apart from loading the rows.
                var watch = Stopwatch.StartNew();
                var grouping = ConfigurationGrouping.Group(rows);
                var verdict = VerdictBuilder.Build(rows, grouping.OfRun(baseline)?.Key, extra);
                http.Response.Headers["Server-Timing"] = string.Create(CultureInfo.InvariantCulture, $"verdict;dur={watch.Elapsed.TotalMilliseconds:0.###}");
                return TypedResults.Ok(VerdictDto.Of(verdict));
            })
            .WithTags("Tracking")
            .WithSummary("The verdict over ?runs=1,2,3 (up to 100): configurations by everything but the seed, mean and 95 % t interval per configuration, paired differences to the configuration of ?baseline= (a run id; default: the configuration with the fewest config keys), and one sentence per key metric (?keys= adds key metrics).");
        return app;
    }

    private static ValidationProblem Problem(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
