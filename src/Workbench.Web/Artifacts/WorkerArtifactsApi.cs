using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Workbench.Experiments.Artifacts;
using Workbench.Web.Hosting;
using Workbench.Web.Live;
using static Workbench.Web.Artifacts.WorkerRequestAuthorizer;

namespace Workbench.Web.Artifacts;

/// <summary>
/// The artifact endpoints of workers that share no disk with the host (<see cref="WorkerArtifactRoutes"/>): read the
/// launch document, download a granted input by SHA-256 (Range requests resume), and upload checkpoints in ordered chunks checked by SHA-256 at the end.
/// Only the run's own live worker token opens them, and only for that run's artifacts.
/// </summary>
public static class WorkerArtifactsApi
{
    /// <summary>The largest chunk one PUT may carry.</summary>
    public const long MaxChunkBytes = 16L << 20;

    public static IEndpointRouteBuilder MapWorkerArtifactsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(WorkerArtifactRoutes.Prefix + "/runs/{runId:int}").WithTags("Worker artifacts").ExcludeFromDescription();

        // The worker's only input, for a worker that cannot read the run folder.
        api.MapGet("/launch", (int runId, HttpRequest request, WorkerCredentials credentials, DataPaths paths) =>
        {
            if (Refusal(request, credentials, runId) is { } refused) return refused;
            var file = Path.Combine(paths.RunDirectory(runId), RunProtocol.Launch.LaunchDocument.FileName);
            return File.Exists(file) ? Results.File(file, "application/json")
                : Problem(404, "No launch document.", $"Run {runId} has not been launched.", "runId");
        });

        api.MapMethods("/artifacts/{sha256}", [HttpMethods.Get, HttpMethods.Head], async (int runId, string sha256, HttpRequest request,
            WorkerCredentials credentials, RunArtifactGrants grants, ArtifactHasher hasher, CancellationToken ct) =>
        {
            if (Refusal(request, credentials, runId) is { } refused) return refused;
            if (!ArtifactReference.IsSha256(sha256)) return Problem(400, "Bad artifact id.", "sha256 must be 64 lower-case hex digits.", "sha256");
            if (grants.Find(runId, sha256) is not { } path) return Problem(404, "No such artifact.", $"Run {runId} was granted no artifact {sha256}.", "sha256");
            if (!await hasher.StillMatchesAsync(path, sha256, ct))
                return Problem(409, "Artifact changed.", "The file changed on the host since the run was launched; resume the run to launch it again.", "sha256");
            return Results.File(path, "application/octet-stream", enableRangeProcessing: true, entityTag: new EntityTagHeaderValue($"\"{sha256}\""));
        });

        api.MapGet("/uploads/{sha256}", (int runId, string sha256, HttpRequest request, WorkerCredentials credentials, CheckpointUploads uploads) =>
        {
            if (Refusal(request, credentials, runId) is { } refused) return refused;
            if (!ArtifactReference.IsSha256(sha256)) return Problem(400, "Bad artifact id.", "sha256 must be 64 lower-case hex digits.", "sha256");
            return Results.Ok(new UploadState(uploads.Received(runId, sha256)));
        });

        api.MapPut("/uploads/{sha256}", async (int runId, string sha256, [FromQuery] string? path, HttpRequest request,
            WorkerCredentials credentials, CheckpointUploads uploads, DataPaths paths, CancellationToken ct) =>
        {
            if (Refusal(request, credentials, runId) is { } refused) return refused;
            if (!ArtifactReference.IsSha256(sha256)) return Problem(400, "Bad artifact id.", "sha256 must be 64 lower-case hex digits.", "sha256");
            var (target, pathError) = CheckpointUploadPath.Resolve(paths.RunDirectory(runId), path);
            if (target is null) return Problem(400, "Bad path.", pathError!, "path");
            if (ParseRange(request) is not var (start, length, total)) return Problem(400, "Bad Content-Range.",
                "Send Content-Range: bytes <first>-<last>/<total> with a Content-Length equal to the range (or the whole file without Content-Range).", "Content-Range");
            if (length > MaxChunkBytes) return Problem(413, "Chunk too large.", $"Send at most {MaxChunkBytes >> 20} MB per request.", "Content-Range");
            if (total > CheckpointUploads.MaxFileBytes) return Problem(413, "File too large.", $"A file may be at most {CheckpointUploads.MaxFileBytes >> 30} GB.", "Content-Range");
            var result = await uploads.AppendAsync(runId, sha256, target, start, length, total, request.Body, ct);
            return result.Outcome switch
            {
                CheckpointUploads.Outcome.Complete => Results.Created(WorkerArtifactRoutes.Upload(runId, sha256), new UploadDone(result.Path!, sha256, total)),
                CheckpointUploads.Outcome.Partial => Results.Accepted(value: new UploadState(result.Received)),
                CheckpointUploads.Outcome.OutOfOrder => Problem(409, "Out of order.", $"The host holds {result.Received} bytes; send from byte {result.Received}.", "Content-Range"),
                CheckpointUploads.Outcome.Mismatch => Problem(422, "Checksum mismatch.", "The uploaded bytes do not have the SHA-256 named; the upload was discarded, send it again.", "sha256"),
                _ => Problem(400, "Wrong length.", "The body was not as long as its Content-Range says.", "Content-Range"),
            };
        }).Accepts<Stream>("application/octet-stream").WithMetadata(new RequestSizeLimitAttribute(MaxChunkBytes));

        return app;
    }

    // (start, length, total): from Content-Range "bytes a-b/total", or the whole file when there is none.
    private static (long Start, long Length, long Total)? ParseRange(HttpRequest request)
    {
        if (request.ContentLength is not { } contentLength) return null;
        var header = request.Headers.ContentRange.ToString();
        if (string.IsNullOrEmpty(header)) return (0, contentLength, contentLength);
        if (!ContentRangeHeaderValue.TryParse(header, out var range) || range.Unit != "bytes" || range.From is not { } from || range.To is not { } to || range.Length is not { } total)
            return null;
        if (from > to || to >= total || to - from + 1 != contentLength) return null;
        return (from, contentLength, total);
    }

    public sealed record UploadState(long Received);

    public sealed record UploadDone(string Path, string Sha256, long Size);
}
