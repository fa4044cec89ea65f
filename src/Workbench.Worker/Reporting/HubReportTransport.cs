using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Workbench.RunProtocol;
using Workbench.RunProtocol.Reports;

namespace Workbench.Worker.Reporting;

/// <summary>
/// Delivers to the host's run hub with the run's token. A lost connection is started again on the next delivery (the
/// pump retries once per <see cref="ReportPump.RetryInterval"/>), so a host restart costs a gap, never a report.
/// </summary>
public sealed class HubReportTransport(RunsHubClient hub, int runId) : IReportTransport
{
    private static readonly TimeSpan s_connectTimeout = TimeSpan.FromSeconds(5);

    public static HubReportTransport Create(Uri host, int runId, string token) => new(RunsHubClient.Create(host, token), runId);

    public async Task DeliverAsync(IReadOnlyList<RunReport> reports, CancellationToken ct)
    {
        if (hub.Connection.State == HubConnectionState.Disconnected)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(s_connectTimeout);
            await hub.StartAsync(timeout.Token);
        }
        try
        {
            await hub.ReportAsync(new ReportBatch(runId, [.. reports]), ct);
        }
        catch (HubException ex) when (ex.Message.StartsWith(RunsHubEndpoint.RefusalPrefix, StringComparison.Ordinal))
        {
            throw new ReportsRefusedException(ex.Message, ex);
        }
    }

    public ValueTask DisposeAsync() => hub.DisposeAsync();
}
