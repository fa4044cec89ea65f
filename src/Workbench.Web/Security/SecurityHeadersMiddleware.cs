namespace Workbench.Web.Security;

/// <summary>
/// Headers on every response: no MIME sniffing, no referrer to other origins, no framing, and a content security policy under which only this
/// server's own scripts run. Blazor Server, MudBlazor and Plotly load their scripts from here and need no inline script or eval;
/// MudBlazor and Plotly set inline styles, hence <c>style-src 'unsafe-inline'</c>. The hub and the circuit use WebSockets to
/// this same host, which <c>connect-src 'self'</c> covers.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The API reference page (/scalar) configures itself with one inline module script; it shows no user data.</summary>
    public const string ApiReferencePolicy = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var policy = context.Request.Path.StartsWithSegments("/scalar") ? ApiReferencePolicy : ContentSecurityPolicy;
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            // same-origin, not no-referrer: under no-referrer a browser sends "Origin: null" on its own form posts (the login form).
            headers["Referrer-Policy"] = "same-origin";
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = policy;
            return Task.CompletedTask;
        });
        return next(context);
    }
}
