using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Workbench.Web.Security;

/// <summary>
/// Unhandled exceptions: under /api (and for any method but GET and HEAD) the answer is JSON problem details; a request the
/// client got wrong (unreadable JSON, a body over the limit, a wrong content type) keeps its 4xx and names the field. Page
/// GETs fall through to the /error page.
/// </summary>
public sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var path = context.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? request.Path.Value;   // Path is /error by now
        var isPage = (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) && !(path ?? "").StartsWith("/api", StringComparison.OrdinalIgnoreCase);
        if (isPage) return false;

        var problem = Describe(exception);
        if (problem.Status >= 500) logger.LogError(exception, "Unhandled exception for {Method} {Path}", request.Method, path);
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception })
            || await WriteJsonAsync(context, problem);
    }

    private static ProblemDetails Describe(Exception exception)
    {
        var json = exception as JsonException ?? exception.InnerException as JsonException;
        if (exception is BadHttpRequestException bad)
        {
            var problem = new ProblemDetails { Status = bad.StatusCode, Title = "The request could not be read.", Detail = bad.Message };
            if (json is not null) AddField(problem, json);
            else if (ParameterName().Match(bad.Message) is { Success: true } parameter)
                problem.Extensions["errors"] = new Dictionary<string, string[]> { [parameter.Groups[1].Value] = [bad.Message] };
            return problem;
        }
        if (json is not null)
        {
            var problem = new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = "Invalid JSON.", Detail = json.Message };
            AddField(problem, json);
            return problem;
        }
        return new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "Something went wrong.", Detail = "The server is still running; details are in its log." };
    }

    // Minimal APIs name the parameter they could not bind: Failed to bind parameter "int? limit" from "abc".
    [System.Text.RegularExpressions.GeneratedRegex("parameter \"(?:[^\"]* )?([A-Za-z_][A-Za-z0-9_]*)\"")]
    private static partial System.Text.RegularExpressions.Regex ParameterName();

    private static void AddField(ProblemDetails problem, JsonException json)
    {
        var field = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.TrimStart('$', '.');
        problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [json.Message] };
    }

    private static async Task<bool> WriteJsonAsync(HttpContext context, ProblemDetails problem)
    {
        await context.Response.WriteAsJsonAsync(problem, (JsonSerializerOptions?)null, "application/problem+json");
        return true;
    }
}
