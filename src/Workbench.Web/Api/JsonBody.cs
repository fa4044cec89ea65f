using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Experiments;

namespace Workbench.Web.Api;

/// <summary>Reads a request body in the config JSON shape; malformed JSON becomes a 400 naming the field the parser stopped at.</summary>
public static class JsonBody
{
    public static async Task<(T? Value, ValidationProblem? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken ct)
    {
        try
        {
            return (await JsonSerializer.DeserializeAsync<T>(request.Body, RunConfigJson.Options, ct), null);
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : ex.Path.TrimStart('$', '.');
            return (default, TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [$"Invalid JSON: {ex.Message}"] }));
        }
    }
}
