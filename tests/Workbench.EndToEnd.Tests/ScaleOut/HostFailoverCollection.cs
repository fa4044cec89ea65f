namespace Workbench.EndToEnd.Tests.ScaleOut;

/// <summary>
/// The host-failover tests each start two hosts, their workers and (with Slurm) a cluster. On a small machine they run one
/// at a time: side by side they starve each other's workers and hosts, and a lease or an HTTP timeout fails for that alone.
/// </summary>
[CollectionDefinition(Name)]
public sealed class HostFailoverCollection
{
    public const string Name = "Host failover";
}
