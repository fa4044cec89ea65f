using MessagePack;
using MessagePack.Resolvers;
using Microsoft.AspNetCore.SignalR;

namespace Workbench.RunProtocol;

/// <summary>
/// The one MessagePack setup of the run protocol: the hub, its .NET clients (workers, tests, benchmarks) and the worker's
/// spool file all use it. Contractless, so the plain records of Workbench.Experiments need no attributes; hardened for
/// data from the network.
/// </summary>
public static class RunProtocolSerializer
{
    public static MessagePackSerializerOptions Options { get; } =
        MessagePackSerializerOptions.Standard.WithResolver(ContractlessStandardResolver.Instance).WithSecurity(MessagePackSecurity.UntrustedData);

    /// <summary>For <c>AddMessagePackProtocol(RunProtocolSerializer.Configure)</c> on a hub server or connection builder.</summary>
    public static void Configure(MessagePackHubProtocolOptions options) => options.SerializerOptions = Options;
}
