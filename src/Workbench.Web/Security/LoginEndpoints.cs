using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Workbench.Web.Security;

/// <summary>
/// <c>GET /login</c> shows the form; <c>POST /login</c> (form, antiforgery) checks the token and sets the login cookie;
/// <c>GET /login?token=...</c> is the link the server prints at start (as Jupyter's), which logs in and goes to the runs page.
/// <c>POST /logout</c> removes the cookie.
/// </summary>
public static class LoginEndpoints
{
    public const string LoginPath = "/login";
    public const string FingerprintClaim = "workbench:token";

    public static IEndpointRouteBuilder MapLogin(this IEndpointRouteBuilder app)
    {
        app.MapGet(LoginPath, async (HttpContext context, string? token, string? returnUrl, AccessToken access, IAntiforgery antiforgery) =>
            {
                if (token is not null && access.Matches(token))
                {
                    await SignInAsync(context, access);
                    return Results.Redirect(Local(returnUrl));
                }
                return Page(context, antiforgery, returnUrl, token is null ? null : "That token is not right.", StatusCodes.Status200OK);
            })
            .ExcludeFromDescription();

        app.MapPost(LoginPath, async (HttpContext context, AccessToken access, IAntiforgery antiforgery) =>
            {
                if (!context.Request.HasFormContentType) return Page(context, antiforgery, null, "Send the login form.", StatusCodes.Status415UnsupportedMediaType);
                var form = await context.Request.ReadFormAsync();
                var returnUrl = form["returnUrl"].ToString();
                if (!await antiforgery.IsRequestValidAsync(context))
                    return Page(context, antiforgery, returnUrl, "The form expired; please try again.", StatusCodes.Status400BadRequest);
                if (!access.Matches(form["token"].ToString()))
                    return Page(context, antiforgery, returnUrl, "That token is not right.", StatusCodes.Status401Unauthorized);
                await SignInAsync(context, access);
                return Results.Redirect(Local(returnUrl));
            })
            .DisableAntiforgery()   // validated above, so a stale form gets the page again rather than a bare 400
            .ExcludeFromDescription();

        app.MapPost("/logout", async (HttpContext context) =>
            {
                await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                return Results.Redirect(LoginPath);
            })
            .DisableAntiforgery()   // same-origin only (CrossOriginGuardMiddleware); logging out is harmless
            .ExcludeFromDescription();
        return app;
    }

    private static Task SignInAsync(HttpContext context, AccessToken access) =>
        context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "browser"), new Claim(FingerprintClaim, access.Fingerprint)], CookieAuthenticationDefaults.AuthenticationScheme)));

    private static IResult Page(HttpContext context, IAntiforgery antiforgery, string? returnUrl, string? error, int status)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        context.Response.Headers.CacheControl = "no-store";
        return Results.Content(LoginPage.Render(tokens.FormFieldName, tokens.RequestToken ?? "", Local(returnUrl), error), "text/html; charset=utf-8",
            statusCode: status);
    }

    /// <summary>Only a path on this server (not "//evil.example" or "/\evil.example"); anything else goes to the runs page.</summary>
    public static string Local(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl) ? url : "/";
}
