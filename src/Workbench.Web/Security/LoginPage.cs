using System.Text.Encodings.Web;

namespace Workbench.Web.Security;

/// <summary>The login form as plain HTML (no script, so it works before any circuit and under the strict CSP).</summary>
public static class LoginPage
{
    public static string Render(string antiforgeryField, string antiforgeryToken, string returnUrl, string? error)
    {
        var html = HtmlEncoder.Default;
        var message = error is null ? "" : $"<p class=\"error\" role=\"alert\">{html.Encode(error)}</p>";
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8" />
              <meta name="viewport" content="width=device-width, initial-scale=1.0" />
              <title>Log in · Workbench</title>
              <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
              <style>
                body { font-family: system-ui, sans-serif; background: #f5f5f5; display: grid; place-items: center; min-height: 90vh; }
                form { background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px rgba(0,0,0,.2); width: 22rem; }
                input[type=password] { width: 100%; box-sizing: border-box; padding: .5rem; margin: .5rem 0 1rem; }
                button { padding: .5rem 1.5rem; } .error { color: #b00020; }
              </style>
            </head>
            <body>
              <form method="post" action="{{LoginEndpoints.LoginPath}}">
                <h1>Workbench</h1>
                <p>This server needs its access token (<code>Workbench:AccessToken</code>, or the token in the login link it printed at start).</p>
                {{message}}
                <label for="token">Access token</label>
                <input id="token" name="token" type="password" autocomplete="current-password" autofocus required />
                <input type="hidden" name="{{html.Encode(antiforgeryField)}}" value="{{html.Encode(antiforgeryToken)}}" />
                <input type="hidden" name="returnUrl" value="{{html.Encode(returnUrl)}}" />
                <button type="submit">Log in</button>
              </form>
            </body>
            </html>
            """;
    }
}
