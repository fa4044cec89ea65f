using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Workbench.Web.Security;

/// <summary>
/// Whether a request must be logged in: always when an access token is configured or the server listens on anything but
/// loopback (0.0.0.0, a LAN address, a host name); also for any request that arrived over a non-loopback interface.
/// A loopback-only server without a token asks nothing, as before.
/// </summary>
public sealed class AccessPolicy(IServer server, AccessToken token)
{
    private bool? _exposed;

    /// <summary>Whether any address Kestrel listens on is reachable from other machines (known once the server listens).</summary>
    public bool IsExposed
    {
        get
        {
            _exposed ??= ComputeExposed();
            return _exposed ?? false;   // no address yet means no request either; the per-connection check below still holds
        }
    }

    public bool RequiresLogin(HttpContext context) =>
        token.IsConfigured || IsExposed || context.Connection.LocalIpAddress is { } local && !IPAddress.IsLoopback(local);

    private bool? ComputeExposed()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses is null || addresses.Count == 0) return null;   // not listening yet: decide on a later request
        return addresses.Any(a => !ListenAddress.IsLoopback(a));
    }

    public IReadOnlyCollection<string> Addresses => server.Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
}
