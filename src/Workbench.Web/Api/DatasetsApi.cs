using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Workbench.Experiments.Datasets;
using Workbench.Storage;
using Workbench.Web.Hosting;

namespace Workbench.Web.Api;

/// <summary>Dataset import (JSONL upload), adding a split, listing, sample paging and deletion under /api/datasets.</summary>
public static class DatasetsApi
{
    /// <summary>Upload limit: the parser's file limit plus room for the multipart envelope.</summary>
    public const long MaxRequestBytes = DatasetLimits.DefaultMaxFileBytes + 1024 * 1024;

    public static IEndpointRouteBuilder MapDatasetsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/datasets").WithTags("Datasets");

        api.MapPost("/", ImportAsync)
            .Accepts<IFormFile>("multipart/form-data")
            .WithMetadata(new RequestSizeLimitAttribute(MaxRequestBytes))
            .WithFormOptions(multipartBodyLengthLimit: MaxRequestBytes)
            .DisableAntiforgery()   // a scripting API without cookies; the page imports through the store directly
            .WithSummary("Import a JSONL file (multipart: `name`, `file`; at most 50 MiB). One JSON object a line: prompt, completion, " +
                "optional answer (string, number or boolean), confounder_spans ([[start, end], ...] UTF-16 offsets into the prompt) and split " +
                "(any name of a-z, 0-9, _ and -: train, eval, test, ood, ...; none = 90 % train / 10 % eval by a hash of the prompt). " +
                "Any bad line rejects the whole file; errors are keyed `lines[N].field`.");

        api.MapPost("/{name}/splits", AddSplitAsync)
            .Accepts<IFormFile>("multipart/form-data")
            .WithMetadata(new RequestSizeLimitAttribute(MaxRequestBytes))
            .WithFormOptions(multipartBodyLengthLimit: MaxRequestBytes)
            .DisableAntiforgery()
            .WithSummary("Add a file to the imported dataset `name` as new splits (multipart: `file`, optional `split` that sets the split " +
                "of every line, e.g. `ood`). Same line format and all-or-nothing rule as the import; 409 naming `split` when the " +
                "dataset already has one of the file's splits. Returns the dataset with its new counts.");

        api.MapGet("/", DatasetDto.ListAsync)
            .WithSummary("Built-in datasets (no id), then imported ones by name, each with samples per split.");

        api.MapGet("/{id:int}", async Task<Results<Ok<DatasetDto>, NotFound>> (int id, DatasetStore store, CancellationToken ct) =>
                await store.GetAsync(id, ct) is { } dataset
                    ? TypedResults.Ok(DatasetDto.From(dataset, await store.GetSplitCountsAsync(id, ct)))
                    : TypedResults.NotFound())
            .WithSummary("One imported dataset: counts per split, source file name, SHA-256.");

        api.MapGet("/{id:int}/samples", SamplesAsync)
            .WithSummary("Samples in file order: ?split= (train, eval, test, ood, ...), ?offset= (default 0), ?limit= (1..500, default 50).");

        api.MapDelete("/{id:int}", async Task<Results<NoContent, NotFound>> (int id, DatasetStore store, DataPaths paths, CancellationToken ct) =>
                await store.DeleteAsync(id, paths.Root, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .WithSummary("Delete an imported dataset and its samples.");

        return app;
    }

    private static async Task<Results<Created<DatasetDto>, ValidationProblem>> ImportAsync(HttpRequest request, DatasetStore store, CancellationToken ct)
    {
        var (file, form, error) = await ReadFileAsync(request, ct);
        if (error is not null) return Problem(error);

        await using var stream = file!.OpenReadStream();
        var result = await store.ImportAsync(form!["name"].ToString(), file.FileName, stream, ct: ct);
        if (result.Dataset is null) return Problem(result.Errors, result.ErrorCount);
        return TypedResults.Created($"/api/datasets/{result.Dataset.Id}", DatasetDto.From(result.Dataset, await store.GetSplitCountsAsync(result.Dataset.Id, ct)));
    }

    private static async Task<Results<Ok<DatasetDto>, NotFound<ProblemDetails>, ValidationProblem, ProblemHttpResult>> AddSplitAsync(
        string name, HttpRequest request, DatasetStore store, CancellationToken ct)
    {
        if (await store.GetByNameAsync(name, ct) is not { } dataset)
            return TypedResults.NotFound(new ProblemDetails { Title = $"No imported dataset named '{name}'.", Status = StatusCodes.Status404NotFound });
        var (file, form, error) = await ReadFileAsync(request, ct);
        if (error is not null) return Problem(error);

        await using var stream = file!.OpenReadStream();
        var result = await store.AddSplitAsync(dataset.Id, form!["split"].ToString(), file.FileName, stream, ct: ct);
        if (result.Conflict) return Conflict(result.Errors);
        if (result.Dataset is null) return Problem(result.Errors, result.ErrorCount);
        return TypedResults.Ok(DatasetDto.From(result.Dataset, await store.GetSplitCountsAsync(dataset.Id, ct)));
    }

    // The multipart form with its `file` part, or why it cannot be read.
    private static async Task<(IFormFile? File, IFormCollection? Form, DatasetLineError? Error)> ReadFileAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType) return (null, null, new DatasetLineError(0, "file", "Send multipart/form-data with a `file` part."));
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or IOException)   // IOException: a body cut short
        {
            return (null, null, new DatasetLineError(0, "file", $"The upload could not be read (at most {DatasetLimits.DefaultMaxFileBytes / (1024 * 1024)} MiB): {ex.Message}"));
        }
        var file = form.Files.GetFile("file");
        if (file is null) return (null, form, new DatasetLineError(0, "file", "Required: a `file` part with the JSONL file."));
        if (file.Length > DatasetLimits.DefaultMaxFileBytes)
            return (null, form, new DatasetLineError(0, "file", $"The file is larger than {DatasetLimits.DefaultMaxFileBytes / (1024 * 1024)} MiB."));
        return (file, form, null);
    }

    private static async Task<Results<Ok<DatasetSamplesPageDto>, NotFound, ValidationProblem>> SamplesAsync(
        int id, string? split, int? offset, int? limit, DatasetStore store, CancellationToken ct)
    {
        string? only = null;
        if (!string.IsNullOrEmpty(split))
        {
            only = DatasetSplitNames.Normalize(split, out var splitError);
            if (splitError is not null) return Problem(new DatasetLineError(0, "split", splitError));
        }
        if (await store.GetAsync(id, ct) is null) return TypedResults.NotFound();
        var (from, take) = (Math.Max(0, offset ?? 0), Math.Clamp(limit ?? 50, 1, 500));
        var page = await store.GetSamplesAsync(id, only, from, take, ct);
        return TypedResults.Ok(new DatasetSamplesPageDto(page.Total, from, take, [.. page.Items.Select(DatasetSampleDto.From)]));
    }

    private static ValidationProblem Problem(DatasetLineError error) => Problem([error], 1);

    /// <summary>409 with the same shape as a validation problem: <c>errors</c> keyed by field (here <c>split</c>).</summary>
    private static ProblemHttpResult Conflict(IReadOnlyList<DatasetLineError> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray()))
        {
            Status = StatusCodes.Status409Conflict,
            Title = "The split was not added: the dataset already has it.",
        });

    /// <summary>
    /// Errors keyed like <c>lines[3].completion</c> (or <c>name</c>, <c>file</c>), plus the raw list under
    /// <c>lineErrors</c> and the full count under <c>errorCount</c> (only the first errors are listed).
    /// </summary>
    private static ValidationProblem Problem(IReadOnlyList<DatasetLineError> errors, int errorCount) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Line == 0 ? e.Field : $"lines[{e.Line}].{e.Field}").ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray()),
            title: errorCount == 1 ? "The file was not imported: 1 error." : $"The file was not imported: {errorCount} errors.",
            extensions: new Dictionary<string, object?>
            {
                ["errorCount"] = errorCount,
                ["lineErrors"] = errors.Select(e => new { line = e.Line, field = e.Field, reason = e.Reason }).ToArray(),
            });
}
