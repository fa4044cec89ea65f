using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Experiments;
using Workbench.Storage;
using Workbench.Storage.Entities;

namespace Workbench.Web.Tests.Shared;

/// <summary>Finished runs written straight into the database (never queued, so no scheduler starts a worker for them).</summary>
public static class SeededRuns
{
    public static async Task<int> AddAsync(IServiceProvider services, RunConfig config, RunStatus status = RunStatus.Completed,
        IReadOnlyList<MetricPoint>? metrics = null)
    {
        var factory = services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var now = Start;
        var run = new RunEntity
        {
            Name = config.Name, ConfigJson = RunConfigJson.Serialize(config), Status = status,
            CreatedAt = now, StartedAt = now, FinishedAt = status.IsTerminal() ? now : null, TotalSteps = config.Steps,
        };
        db.Runs.Add(run);
        await db.SaveChangesAsync();
        if (metrics is { Count: > 0 }) await services.GetRequiredService<RunStore>().AppendMetricsAsync(run.Id, metrics);
        return run.Id;
    }

    /// <summary>When every seeded run started, and the wall time of its first seeded point.</summary>
    public static DateTime Start { get; } = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary><paramref name="count"/> points of one metric: value(step) with wall times one second apart.</summary>
    public static IReadOnlyList<MetricPoint> Series(string name, int count, Func<long, double> value, long firstStep = 1) =>
        Enumerable.Range(0, count).Select(i => new MetricPoint(name, firstStep + i, value(firstStep + i),
            Start.AddSeconds(i))).ToList();
}
