using System.Net;
using System.Text.RegularExpressions;

namespace Workbench.Web.Security;

/// <summary>Reads the host out of a listen URL ("http://127.0.0.1:5080", "http://[::1]:0", "http://+:80") and says whether it is loopback.</summary>
public static partial class ListenAddress
{
    /// <summary>The host part without brackets, or null when <paramref name="url"/> is not a URL.</summary>
    public static string? Host(string url) =>
        UrlHost().Match(url.Trim()) is { Success: true } match ? match.Groups[1].Value.Trim('[', ']') : null;

    /// <summary>Only localhost and loopback IPs are; wildcards (+, *, 0.0.0.0, [::]) and any other name are not.</summary>
    public static bool IsLoopback(string url) => Host(url) is { } host && IsLoopbackHost(host);

    public static bool IsLoopbackHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>A host a browser could name (not a wildcard such as +, * or 0.0.0.0).</summary>
    public static bool IsSpecific(string host) =>
        host is not ("+" or "*" or "") && !(IPAddress.TryParse(host, out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)));

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*://(\[[^\]]*\]|[^:/\[\]]*)")]
    private static partial Regex UrlHost();
}
