using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;

namespace Workbench.Web.Security;

/// <summary>
/// When AllowedHosts is not configured, the server answers only to its loopback names, the configured
/// <see cref="AccessOptions.PublicHosts"/> and hosts named explicitly in its listen URLs. Any other Host header
/// (a DNS-rebinding page calling its own name that now resolves to 127.0.0.1) gets 400.
/// </summary>
public sealed class HostFilteringSetup(IConfiguration configuration, IOptions<AccessOptions> access) : IConfigureOptions<HostFilteringOptions>
{
    public static IReadOnlyList<string> LoopbackHosts { get; } = ["localhost", "127.0.0.1", "[::1]"];

    public void Configure(HostFilteringOptions options)
    {
        if (!string.IsNullOrWhiteSpace(configuration["AllowedHosts"])) return;   // explicit configuration wins
        var listened = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(ListenAddress.Host).OfType<string>().Where(ListenAddress.IsSpecific)
            .Select(host => host.Contains(':') ? $"[{host}]" : host);
        options.AllowedHosts = [.. LoopbackHosts.Concat(access.Value.PublicHosts.Select(h => h.Trim())).Concat(listened)
            .Where(h => h.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
    }
}
