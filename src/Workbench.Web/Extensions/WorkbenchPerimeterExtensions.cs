using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Workbench.Web.Security;

namespace Workbench.Web.Extensions;

/// <summary>
/// The web perimeter: who may call (access token, login cookie), from where (Host and Origin checks), with what (content
/// types, body sizes), what every response says about itself (security headers) and how errors look (problem details).
/// </summary>
public static class WorkbenchPerimeterExtensions
{
    private const string SelectorScheme = "Workbench";

    public static WebApplicationBuilder AddWorkbenchPerimeter(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AccessOptions>().BindConfiguration("Workbench")
            .Validate(o => o.HasAcceptableToken(), $"Workbench:AccessToken must be at least {AccessOptions.MinTokenLength} characters.").ValidateOnStart();
        services.AddSingleton<AccessToken>();
        services.AddSingleton<AccessPolicy>();
        services.AddSingleton<LoginLinkAnnouncer>();
        services.AddSingleton<IConfigureOptions<HostFilteringOptions>, HostFilteringSetup>();

        // Who: a bearer token (scripts, hub query for browsers' WebSockets) or the cookie set by /login (pages).
        services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "Token or cookie", o => o.ForwardDefaultSelector = context =>
                AccessTokenAuthenticationHandler.Presented(context.Request) is null
                    ? CookieAuthenticationDefaults.AuthenticationScheme : AccessTokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, AccessTokenAuthenticationHandler>(AccessTokenAuthenticationHandler.SchemeName, null)
            .AddCookie(o =>
            {
                o.Cookie.Name = "workbench-login";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromDays(7);
                o.SlidingExpiration = true;
                o.LoginPath = LoginEndpoints.LoginPath;
                o.Events.OnValidatePrincipal = context =>
                {
                    // A cookie from before the token changed (a new generated token, a new configured one) no longer opens anything.
                    var token = context.HttpContext.RequestServices.GetRequiredService<AccessToken>();
                    if (context.Principal?.FindFirst(LoginEndpoints.FingerprintClaim)?.Value != token.Fingerprint) context.RejectPrincipal();
                    return Task.CompletedTask;
                };
            });
        services.AddSingleton<HubAccessFilter>();
        services.Configure<HubOptions>(o => o.AddFilter<HubAccessFilter>());

        // How errors look: problem details for the API, whatever went wrong.
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);   // so ApiExceptionHandler names the parameter in every environment
        return builder;
    }

    /// <summary>The perimeter's middleware, in order; call before any endpoint is mapped.</summary>
    public static WebApplication UseWorkbenchPerimeter(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/error",
            CreateScopeForErrors = true,
            // A request the client got wrong (ApiExceptionHandler answers 4xx) is not a server error worth an error log.
            SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException or System.Text.Json.JsonException,
        });
        app.UseStatusCodePages();
        app.UseMiddleware<CrossOriginGuardMiddleware>();
        app.UseRouting();
        app.UseAuthentication();
        app.UseMiddleware<AccessGateMiddleware>();
        app.UseAntiforgery();
        app.UseMiddleware<JsonContentTypeMiddleware>();
        app.MapLogin();
        var announcer = app.Services.GetRequiredService<LoginLinkAnnouncer>();
        app.Lifetime.ApplicationStarted.Register(announcer.OnServerStarted);
        return app;
    }
}
