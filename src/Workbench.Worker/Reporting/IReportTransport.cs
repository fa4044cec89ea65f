using Workbench.RunProtocol.Reports;

namespace Workbench.Worker.Reporting;

/// <summary>Where <see cref="ReportPump"/> delivers: the host's hub, a SQLite file, or JSON lines on stdout.</summary>
public interface IReportTransport : IAsyncDisposable
{
    /// <summary>
    /// Delivers one run's reports in sequence order, or throws: <see cref="ReportsRefusedException"/> when the receiver will
    /// never take them, anything else when it may later (they are spooled and delivered again).
    /// </summary>
    Task DeliverAsync(IReadOnlyList<RunReport> reports, CancellationToken ct);
}
