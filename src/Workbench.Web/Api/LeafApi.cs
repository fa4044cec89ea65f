using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Experiments.Leaf;
using Workbench.Storage;
using Workbench.Web.Hosting;

namespace Workbench.Web.Api;

/// <summary>LeaF's intermediates over HTTP: the one-click demo, per-sample detection results and probe attention.</summary>
public static class LeafApi
{
    public static IEndpointRouteBuilder MapLeafApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("LeaF");

        api.MapPost("/demos/leaf", async (SweepService sweeps, CancellationToken ct) => TypedResults.Ok(await sweeps.SubmitLeafDemoAsync(ct)))
            .WithSummary("Queue the built-in LeaF demo: teacher, pre-KD student, then one group of plain KD against LeaF for three seeds (open /groups/{groupId}).");

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

        return app;
    }
}
