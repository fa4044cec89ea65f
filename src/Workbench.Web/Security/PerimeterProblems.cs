using Microsoft.AspNetCore.Mvc;

namespace Workbench.Web.Security;

/// <summary>Writes the perimeter's refusals (401, 403, 413, 415) as problem details, before any endpoint runs.</summary>
public static class PerimeterProblems
{
    public static Task WriteAsync(HttpContext context, int status, string title, string detail, string? field = null)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (field is not null) problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail] };
        return Results.Problem(problem).ExecuteAsync(context);
    }
}
