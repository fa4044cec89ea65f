using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Workbench.Experiments;

namespace Workbench.Web.Security;

/// <summary>
/// Scripts authenticate with <c>Authorization: Bearer &lt;token&gt;</c>; a browser's WebSocket to the hub cannot set headers, so
/// there (and only there) <c>?access_token=</c> works too, as SignalR's clients send it.
/// </summary>
public sealed class AccessTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccessToken token)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "WorkbenchToken";
    public const string QueryName = "access_token";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var candidate = Presented(Request);
        if (candidate is null) return Task.FromResult(AuthenticateResult.NoResult());
        if (!token.Matches(candidate)) return Task.FromResult(AuthenticateResult.Fail("The access token is not valid."));
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "token")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <summary>The token a request presents (bearer header, or the hub's query parameter), or null.</summary>
    public static string? Presented(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim();
        if (request.Path.StartsWithSegments(RunProtocol.RunsHubEndpoint.HubPath) && request.Query[QueryName].ToString() is { Length: > 0 } query) return query;
        return null;
    }
}
