using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Experiments.Leaf;
using Workbench.Storage;
using Workbench.Web.Hosting;
using Workbench.Web.Orchestration;

namespace Workbench.Web.Api;

/// <summary>LeaF's intermediates over HTTP: the one-click demo, per-sample detection results and probe attention.</summary>
public static class LeafApi
{
    public static IEndpointRouteBuilder MapLeafApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("LeaF");

        api.MapPost("/demos/leaf", async Task<Results<Ok<LeafDemoSubmission>, ValidationProblem>> (SweepService sweeps, CancellationToken ct) =>
                await sweeps.SubmitLeafDemoAsync(ct) switch
                {
                    ({ } demo, _) => TypedResults.Ok(demo),
                    (_, var errors) => RunsApi.Invalid(errors),
                })
            .WithSummary("Queue the built-in LeaF demo: teacher, pre-KD student, then one group of plain KD against LeaF for three seeds (open /groups/{groupId}).");

        app.MapPost("/api/demos/teacher-hacking", async Task<Results<Ok<TeacherHackingDemoSubmission>, ValidationProblem>> (SweepService sweeps, CancellationToken ct) =>
                await sweeps.SubmitTeacherHackingDemoAsync(ct) switch
                {
                    ({ } demo, _) => TypedResults.Ok(demo),
                    (_, var errors) => RunsApi.Invalid(errors),
                })
            .WithTags("Teacher hacking")
            .WithSummary("Queue the teacher-hacking recipe: oracle, teacher trained on the oracle's completions, then one group of offline vs on-policy students for three seeds (open /groups/{groupId}).");

        api.MapGet("/runs/{id:int}/leaf/samples", async Task<Results<Ok<DetectionPage>, NotFound>> (
                int id, bool? flagged, string? sort, int? offset, int? limit, RunStore runs, LeafStore leaf, CancellationToken ct) =>
            {
                if (await runs.GetAsync(id, ct) is null) return TypedResults.NotFound();
                var query = new DetectionQuery(flagged ?? false, sort == "most-pruned", Math.Max(0, offset ?? 0), Math.Clamp(limit ?? 50, 1, 500));
                return TypedResults.Ok(await leaf.GetDetectedAsync(id, query, ct));
            })
            .WithSummary("Stage-1 results per sample (tokens, raw and normalised saliencies, Δ, spans, gold spans, counterfactuals). ?flagged=true&sort=most-pruned&offset=&limit=");

        api.MapGet("/runs/{id:int}/leaf/attention", async Task<Results<Ok<AttentionSnapshot>, NotFound>> (
                int id, int? probe, string? model, long? step, LeafStore leaf, CancellationToken ct) =>
                await leaf.GetAttentionAsync(id, probe ?? 0, model ?? AttentionSnapshot.Student, step, ct) is { } snapshot
                    ? TypedResults.Ok(snapshot) : TypedResults.NotFound())
            .WithSummary("Attention of a probe sample (layers × heads × T × T as fp16 bytes, base64 in JSON) at a step (latest at or before it; default latest).");

        api.MapGet("/runs/{id:int}/leaf/leaderboard", async Task<Results<Ok<DetectionBoardDto>, NotFound>> (int id, RunStore runs, CancellationToken ct) =>
            {
                if (await runs.GetAsync(id, ct) is null) return TypedResults.NotFound();
                var metrics = (await runs.GetMetricsAsync(id, ct)).Select(m => (m.Name, m.Value)).ToArray();
                return TypedResults.Ok(new DetectionBoardDto(id, DetectionBoard.Samples(metrics), DetectionBoard.Rows(metrics)));
            })
            .WithSummary("The run's detection leaderboard (leaf.leaderboardSamples): every scorer × unit × threshold rule on the same samples, best token F1 first, with cost per sample.");

        api.MapPost("/leaf/leaderboard", async Task<Results<Created<RunDto>, ValidationProblem>> (DetectionBoardRequest? body, RunService runs, CancellationToken ct) =>
            {
                if (body is null) return RunsApi.Invalid([new("body", "Send {\"teacherRun\": id, \"studentRun\": id, \"dataset\": name, \"samples\": n}.")]);
                var (run, errors) = await runs.SubmitAsync(DetectionBoard.Config(body.TeacherRun, body.StudentRun, body.Dataset ?? "", body.Samples ?? 200, body.Name), ct);
                return run is null ? RunsApi.Invalid(errors) : TypedResults.Created($"/api/runs/{run.Id}/leaf/leaderboard", RunDto.From(run));
            })
            .WithSummary("Queue a detection-leaderboard run: every scorer on the first `samples` (default 200) training samples with gold spans of `dataset`, for a teacher and a student given by run id.");

        return app;
    }
}

/// <summary>Body of POST /api/leaf/leaderboard.</summary>
public sealed record DetectionBoardRequest(int TeacherRun, int StudentRun, string? Dataset, int? Samples, string? Name);

/// <summary>A run's detection leaderboard.</summary>
public sealed record DetectionBoardDto(int RunId, int? Samples, IReadOnlyList<DetectionBoardRow> Rows);
