using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Experiments;

namespace Workbench.RunProtocol;

/// <summary>
/// <see cref="IRunsHub"/> over a hub connection: method names come from the interface, so a renamed or re-typed hub
/// method breaks the build instead of a run.
/// </summary>
public sealed class RunsHubClient(HubConnection connection) : IRunsHub, IAsyncDisposable
{
    public HubConnection Connection { get; } = connection;

    /// <summary>A connection to <paramref name="server"/>'s run hub with the protocol's serializer; with a worker token when given.</summary>
    public static RunsHubClient Create(Uri server, string? workerToken = null, Action<Microsoft.AspNetCore.Http.Connections.Client.HttpConnectionOptions>? configure = null) =>
        new(new HubConnectionBuilder()
            .WithUrl(new Uri(server, RunsHubEndpoint.HubPath), o =>
            {
                if (workerToken is not null) o.Headers[RunsHubEndpoint.TokenHeader] = workerToken;
                configure?.Invoke(o);
            })
            .AddMessagePackProtocol(RunProtocolSerializer.Configure)
            .Build());

    public Task StartAsync(CancellationToken ct = default) => Connection.StartAsync(ct);

    public Task<long> Report(ReportBatch batch) => Connection.InvokeAsync<long>(nameof(IRunsHub.Report), batch);

    public Task<long> ReportAsync(ReportBatch batch, CancellationToken ct) => Connection.InvokeAsync<long>(nameof(IRunsHub.Report), batch, ct);

    public Task SubscribeRuns() => Connection.InvokeAsync(nameof(IRunsHub.SubscribeRuns));

    public IAsyncEnumerable<MetricPoint[]> StreamMetrics(int runId, CancellationToken ct) =>
        Connection.StreamAsync<MetricPoint[]>(nameof(IRunsHub.StreamMetrics), runId, ct);

    /// <summary>Routes the hub's calls to <paramref name="client"/>.</summary>
    public IDisposable On(IRunsClient client) =>
        Connection.On<int, string, string?>(nameof(IRunsClient.RunStatusChanged), client.RunStatusChanged);

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
