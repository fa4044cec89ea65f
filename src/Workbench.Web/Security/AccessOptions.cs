namespace Workbench.Web.Security;

/// <summary>The access settings in the "Workbench" section of appsettings.json (or <c>Workbench__AccessToken</c> in the environment).</summary>
public sealed class AccessOptions
{
    /// <summary>
    /// The secret that opens the API (<c>Authorization: Bearer</c>), the pages (a cookie after /login) and the hub. Empty: none on
    /// a loopback-only server; on any other bind the server makes one at start and prints a login link.
    /// </summary>
    public string? AccessToken { get; set; }

    /// <summary>Host names (no port) the server may be reached by besides localhost, 127.0.0.1 and [::1], e.g. "gpu-box.lab.example".</summary>
    public string[] PublicHosts { get; set; } = [];

    public const int MinTokenLength = 16;

    /// <summary>A configured token must be long enough not to be guessed over the network.</summary>
    public bool HasAcceptableToken() => string.IsNullOrWhiteSpace(AccessToken) || AccessToken.Trim().Length >= MinTokenLength;
}
