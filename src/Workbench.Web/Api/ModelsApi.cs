using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Experiments;
using Workbench.Experiments.Validation;
using Workbench.Storage;
using Workbench.Web.ModelFolders;

namespace Workbench.Web.Api;

/// <summary>Hugging Face model folders under /api/models: register (validated), list, unregister.</summary>
public static class ModelsApi
{
    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/models").WithTags("Models");

        api.MapGet("/", async (ModelFolderStore store, CancellationToken ct) => (await store.ListAsync(ct)).Select(ModelFolderDto.From))
            .WithSummary("Registered model folders by name: architecture, parameter count, vocabulary, dtype, shape, tokenizer, path.");

        api.MapPost("/", RegisterAsync)
            .WithSummary("Register a Hugging Face model folder: {\"path\": \"/abs/folder\", \"name\": optional}. The path must be absolute, " +
                "inside a configured model root (Workbench:ModelRoots), and hold a supported config.json and safetensors weights. " +
                "Errors are keyed `path` or `name`, and repeated as `field` and `message`. Only the registration is stored.");

        api.MapGet("/{id:int}", async Task<Results<Ok<ModelFolderDto>, NotFound>> (int id, ModelFolderStore store, CancellationToken ct) =>
                await store.GetAsync(id, ct) is { } folder ? TypedResults.Ok(ModelFolderDto.From(folder)) : TypedResults.NotFound())
            .WithSummary("One registered model folder.");

        api.MapDelete("/{id:int}", async Task<Results<NoContent, NotFound>> (int id, ModelFolderStore store, CancellationToken ct) =>
                await store.DeleteAsync(id, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .WithSummary("Unregister a model folder. Its files are left untouched.");

        return app;
    }

    private static async Task<Results<Created<ModelFolderDto>, ValidationProblem>> RegisterAsync(
        RegisterModelFolderRequest? request, ModelFolderService folders, CancellationToken ct)
    {
        if (request?.Name is { } name && (name.Length > MaxNameLength ? $"At most {MaxNameLength} characters." : DisplayText.Problem(name)) is { } nameProblem)
            return Problem(new ValidationError("name", nameProblem));
        var (folder, error) = await folders.RegisterAsync(request?.Path, request?.Name, ct);
        if (folder is null) return Problem(error!);
        return TypedResults.Created($"/api/models/{folder.Id}", ModelFolderDto.From(folder));
    }

    public const int MaxNameLength = 100;

    private static ValidationProblem Problem(ValidationError error) =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]> { [error.Field] = [error.Message] },
            title: "The model folder was not registered.",
            extensions: new Dictionary<string, object?> { ["field"] = error.Field, ["message"] = error.Message });
}
