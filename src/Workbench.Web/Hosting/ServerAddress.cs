using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Workbench.Web.Hosting;

/// <summary>The URL a worker on this machine uses to reach this server (loopback, http preferred). Resolved at call time, once Kestrel listens.</summary>
public sealed class ServerAddress(IServiceProvider services)
{
    public Uri GetLoopbackBaseUri()
    {
        var addresses = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var chosen = addresses.OrderBy(a => a.StartsWith("https", StringComparison.OrdinalIgnoreCase)).FirstOrDefault()
            ?? throw new InvalidOperationException("The server is not listening on any address yet.");
        var builder = new UriBuilder(chosen.Replace("://+", "://localhost").Replace("://*", "://localhost"));
        if (builder.Host is "0.0.0.0" or "[::]" or "::" or "localhost") builder.Host = "127.0.0.1";
        return builder.Uri;
    }
}
