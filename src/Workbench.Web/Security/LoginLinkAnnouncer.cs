namespace Workbench.Web.Security;

/// <summary>
/// At start, says how to get in when a login is needed: with a generated token, the one login link (printed once, valid until
/// the server stops); with a configured token, where to log in.
/// </summary>
public sealed class LoginLinkAnnouncer(AccessPolicy policy, AccessToken token, ILogger<LoginLinkAnnouncer> logger)
{
    public void OnServerStarted()
    {
        if (!policy.IsExposed && !token.IsConfigured) return;
        var baseUrl = BrowserUrl(policy.Addresses.FirstOrDefault() ?? "http://127.0.0.1");
        if (token.IsConfigured)
            logger.LogInformation("Access token required (Workbench:AccessToken). Log in at {LoginUrl}", baseUrl + LoginEndpoints.LoginPath);
        else
            logger.LogWarning("Workbench listens beyond this machine ({Addresses}) and no Workbench:AccessToken is set, so it made one. " +
                "Open this link to log in (valid until the server stops): {LoginLink}",
                string.Join(", ", policy.Addresses), $"{baseUrl}{LoginEndpoints.LoginPath}?token={token.Value}");
    }

    // A wildcard listen address is not something a browser can open: name this machine by 127.0.0.1 instead.
    private static string BrowserUrl(string address)
    {
        var host = ListenAddress.Host(address);
        var url = host is null || ListenAddress.IsSpecific(host) ? address : address.Replace("://" + (host.Contains(':') ? $"[{host}]" : host), "://127.0.0.1");
        return url.TrimEnd('/');
    }
}
