using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Workbench.RunProtocol;
using Workbench.RunProtocol.Reports;

namespace Workbench.Worker.Reporting;

/// <summary>
/// Delivers to a host's run hub with the run's token. A lost connection is started again on the next delivery (the pump
/// retries once per <see cref="ReportPump.RetryInterval"/>), so a host restart costs a gap, never a report. With several
/// hosts (one database and Redis behind them all), a host that cannot be reached is left for the next one in the list, in
/// the same delivery; the hosts skip what the run has already applied (by sequence), so a batch that reached a dying host
/// and is sent again to the next one is applied once.
/// </summary>
public sealed class HubReportTransport : IReportTransport
{
    private static readonly TimeSpan s_connectTimeout = TimeSpan.FromSeconds(5);
    private readonly IReadOnlyList<Uri> _hosts;
    private readonly string _token;
    private readonly int _runId;
    private readonly TextWriter _log;
    private RunsHubClient? _hub;
    private int _current;

    public HubReportTransport(IReadOnlyList<Uri> hosts, int runId, string token, TextWriter log)
    {
        if (hosts.Count == 0) throw new ArgumentException("At least one host URL is needed.", nameof(hosts));
        _hosts = hosts;
        _runId = runId;
        _token = token;
        _log = log;
    }

    /// <summary>The host reports go to now.</summary>
    public Uri Current => _hosts[_current];

    public async Task DeliverAsync(IReadOnlyList<RunReport> reports, CancellationToken ct)
    {
        for (var tried = 1; ; tried++)
        {
            try
            {
                await DeliverToCurrentAsync(reports, ct);
                return;
            }
            catch (Exception ex) when (ex is not ReportsRefusedException && !ct.IsCancellationRequested && tried < _hosts.Count)
            {
                var unreachable = Current;
                await DisconnectAsync();
                _current = (_current + 1) % _hosts.Count;
                await _log.WriteLineAsync($"Host {unreachable} unreachable ({ex.Message}); reporting to {Current} now.");
            }
        }
    }

    private async Task DeliverToCurrentAsync(IReadOnlyList<RunReport> reports, CancellationToken ct)
    {
        _hub ??= RunsHubClient.Create(Current, _token);
        if (_hub.Connection.State == HubConnectionState.Disconnected)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(s_connectTimeout);
            await _hub.StartAsync(timeout.Token);
        }
        try
        {
            await _hub.ReportAsync(new ReportBatch(_runId, [.. reports]), ct);
        }
        catch (HubException ex) when (ex.Message.StartsWith(RunsHubEndpoint.RefusalPrefix, StringComparison.Ordinal))
        {
            throw new ReportsRefusedException(ex.Message, ex);
        }
    }

    private async Task DisconnectAsync()
    {
        if (_hub is null) return;
        try { await _hub.DisposeAsync(); }
        catch (Exception) { }   // a connection to a dead host may fail to close; it is dropped either way
        _hub = null;
    }

    public async ValueTask DisposeAsync() => await DisconnectAsync();
}
