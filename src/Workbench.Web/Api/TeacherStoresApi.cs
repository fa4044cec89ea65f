using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Web.Caches;

namespace Workbench.Web.Api;

/// <summary>Teacher-logit store files under /api/teacher-stores: list (sizes, last use, budget), delete one, evict to the budget.</summary>
public static class TeacherStoresApi
{
    public static IEndpointRouteBuilder MapTeacherStoresApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/teacher-stores").WithTags("Teacher stores");

        api.MapGet("/", (TeacherStoreShelf shelf) => TypedResults.Ok(shelf.List()))
            .WithSummary("Teacher-logit store files (logits-<key>.bin in <data>/teacher-cache), most recently used first: name, bytes, " +
                "last use, bytes per token and what each holds (teacher, k, T, values, sequences, positions); their total and the budget.");

        api.MapDelete("/{name}", Results<NoContent, NotFound, ValidationProblem> (string name, TeacherStoreShelf shelf) =>
            {
                try
                {
                    return shelf.Delete(name) ? TypedResults.NoContent() : TypedResults.NotFound();
                }
                catch (ArgumentException e)
                {
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = [e.Message] }, title: "Nothing was deleted.");
                }
            })
            .WithSummary("Delete one store file; a run that has it open keeps reading it, and the next run rebuilds it. Errors are keyed `name`.");

        api.MapPost("/evict", (TeacherStoreShelf shelf) => TypedResults.Ok(new { evicted = shelf.Evict() }))
            .WithSummary("Delete the least recently used store files until the rest fit Workbench:TeacherStoreBudgetMb; returns the names deleted.");

        return app;
    }
}
