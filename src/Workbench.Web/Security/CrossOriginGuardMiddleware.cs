using Workbench.Experiments;

namespace Workbench.Web.Security;

/// <summary>
/// Refuses (403) any state-changing request, WebSocket handshake or hub request that a browser sent from another origin:
/// an <c>Origin</c> header that is not this server's own (the scheme-less host and port of the request), or
/// <c>Sec-Fetch-Site: cross-site</c>/<c>same-site</c> (another port on 127.0.0.1 is "same-site"). Scripts and workers send
/// neither header and pass; the app's own pages send their own origin. The Host header is already one of AllowedHosts here.
/// </summary>
public sealed class CrossOriginGuardMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (IsGuarded(context) && Refusal(request) is { } reason)
        {
            await PerimeterProblems.WriteAsync(context, StatusCodes.Status403Forbidden, "Cross-origin request refused.", reason);
            return;
        }
        await next(context);
    }

    private static bool IsGuarded(HttpContext context) =>
        !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method))
        || context.WebSockets.IsWebSocketRequest
        || context.Request.Path.StartsWithSegments(RunProtocol.RunsHubEndpoint.HubPath);

    /// <summary>Why the request looks cross-origin, or null when it is same-origin or not from a browser.</summary>
    public static string? Refusal(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Equals("cross-site", StringComparison.OrdinalIgnoreCase) || site.Equals("same-site", StringComparison.OrdinalIgnoreCase))
            return $"Sec-Fetch-Site is '{site}': only this server's own pages may change state here.";
        if (!request.Headers.TryGetValue("Origin", out var origins)) return null;
        var origin = origins.ToString();
        return IsOwnOrigin(origin, request) ? null : $"Origin '{Shorten(origin)}' is not this server's origin.";
    }

    private static bool IsOwnOrigin(string origin, HttpRequest request)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) return false;   // includes "null"
        var host = request.Host;
        if (!host.HasValue) return false;
        var port = host.Port ?? (request.IsHttps ? 443 : 80);
        return uri.Host.Equals(host.Host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase) && uri.Port == port;
    }

    private static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "…";
}
