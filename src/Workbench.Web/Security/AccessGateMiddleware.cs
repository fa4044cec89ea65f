using Workbench.Experiments;

namespace Workbench.Web.Security;

/// <summary>
/// Lets a request through when the server needs no login (<see cref="AccessPolicy"/>) or the caller is logged in (bearer
/// token or login cookie). Otherwise the API and the hub answer 401 problem details and pages redirect to /login.
/// Workers reach the hub with their own credential header, which the hub itself checks (see <see cref="HubAccessFilter"/>).
/// </summary>
public sealed class AccessGateMiddleware(RequestDelegate next, AccessPolicy policy)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!policy.RequiresLogin(context) || IsOpen(context.Request.Path) || context.User.Identity?.IsAuthenticated == true
            || IsWorkerOnHub(context.Request))
        {
            await next(context);
            return;
        }
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) && !request.Path.StartsWithSegments("/api") && !request.Path.StartsWithSegments(RunProtocol.RunsHubEndpoint.HubPath))
        {
            context.Response.Redirect(LoginEndpoints.LoginPath + "?returnUrl=" + Uri.EscapeDataString(request.PathBase + request.Path + request.QueryString));
            return;
        }
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await PerimeterProblems.WriteAsync(context, StatusCodes.Status401Unauthorized, "Log in first.",
            "This server needs its access token: send `Authorization: Bearer <token>`, or log in at /login.");
    }

    private static bool IsOpen(PathString path) =>
        path.StartsWithSegments(LoginEndpoints.LoginPath) || path.StartsWithSegments("/healthz") || path == "/favicon.svg";

    // The hub and the worker artifact endpoints check the worker token themselves (for the run it names).
    private static bool IsWorkerOnHub(HttpRequest request) =>
        (request.Path.StartsWithSegments(RunProtocol.RunsHubEndpoint.HubPath) || request.Path.StartsWithSegments(Experiments.Artifacts.WorkerArtifactRoutes.Prefix))
        && request.Headers.ContainsKey(RunProtocol.RunsHubEndpoint.TokenHeader);
}
