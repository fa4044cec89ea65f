using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Workbench.Experiments;
using Workbench.RunProtocol.Reports;
using Workbench.Storage;

namespace Workbench.Worker.Reporting;

/// <summary>
/// Headless delivery into a SQLite file with the web host's schema (migrations applied on open), through the same
/// <see cref="RunReportWriter"/> the host uses, so a scripted run's results open in the workbench or any SQLite tool.
/// </summary>
public sealed class DatabaseReportTransport : IReportTransport
{
    private readonly RunReportWriter _writer;

    private DatabaseReportTransport(RunReportWriter writer, int runId, long firstSequence)
    {
        _writer = writer;
        RunId = runId;
        FirstSequence = firstSequence;
    }

    /// <summary>The run's row in the file.</summary>
    public int RunId { get; }

    /// <summary>One past the last report the row has applied: where this worker's numbering starts.</summary>
    public long FirstSequence { get; }

    /// <summary>
    /// Opens (creating and migrating) <paramref name="databasePath"/> and records the run as running: a new row for
    /// <paramref name="config"/>, or the existing row <paramref name="runId"/> (a resumed run).
    /// </summary>
    public static async Task<DatabaseReportTransport> OpenAsync(string databasePath, RunConfig config, int? runId, CancellationToken ct)
    {
        var options = new DbContextOptionsBuilder<WorkbenchDbContext>().UseSqlite($"Data Source={databasePath}").Options;
        var factory = new PooledDbContextFactory<WorkbenchDbContext>(options);
        await using (var db = await factory.CreateDbContextAsync(ct)) await DatabaseInitializer.MigrateAsync(db, ct);
        var runs = new RunStore(factory, TimeProvider.System);
        var id = runId is { } existing && await runs.GetAsync(existing, ct) is not null ? existing : (await runs.CreateAsync(config, ct)).Id;
        await runs.TryMarkRunningAsync(id, ct);
        var applied = await runs.ReportSequenceAsync(id, ct) ?? 0;
        return new DatabaseReportTransport(new RunReportWriter(runs, new LeafStore(factory), new PredictionStore(factory), new PolicySampleStore(factory)), id, applied + 1);
    }

    public Task DeliverAsync(IReadOnlyList<RunReport> reports, CancellationToken ct) => _writer.WriteAsync(RunId, reports, ct);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
