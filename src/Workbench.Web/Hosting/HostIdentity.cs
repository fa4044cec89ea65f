using Microsoft.Extensions.Options;

namespace Workbench.Web.Hosting;

/// <summary>Who this host is among several sharing one database, and how long its claim on a run lasts unrenewed.</summary>
public sealed class HostIdentity(IOptions<WorkbenchOptions> options)
{
    public string Id { get; } = string.IsNullOrWhiteSpace(options.Value.HostId) ? Environment.MachineName : options.Value.HostId.Trim();

    public TimeSpan Lease { get; } = TimeSpan.FromSeconds(options.Value.RunLeaseSeconds);

    /// <summary>Whether the host id was set (several hosts on one machine): files a host keeps for itself then carry it.</summary>
    public bool IsConfigured { get; } = !string.IsNullOrWhiteSpace(options.Value.HostId);
}
