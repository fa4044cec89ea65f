using Microsoft.EntityFrameworkCore;

namespace Workbench.Storage;

/// <summary>
/// The hash of each run's live worker token, on the run's row (<see cref="Entities.RunEntity.WorkerTokenHash"/>): every host
/// sharing the database checks a worker's reports against it, so a worker that fails over from a dead host to another one is
/// still its run's worker there. Synchronous on purpose: one primary-key read or write, from sync call sites (the hub's and
/// the artifact endpoints' checks).
/// </summary>
public sealed class WorkerTokenStore(IDbContextFactory<WorkbenchDbContext> dbFactory)
{
    /// <summary>Makes <paramref name="hash"/> the run's live token (any earlier one stops working). False when the run does not exist.</summary>
    public bool Set(int runId, string hash)
    {
        using var db = dbFactory.CreateDbContext();
        return db.Runs.Where(r => r.Id == runId).ExecuteUpdate(s => s.SetProperty(r => r.WorkerTokenHash, hash)) == 1;
    }

    /// <summary>Ends <paramref name="hash"/> if it is still the run's live token (a newer one stays).</summary>
    public void Clear(int runId, string hash)
    {
        using var db = dbFactory.CreateDbContext();
        db.Runs.Where(r => r.Id == runId && r.WorkerTokenHash == hash).ExecuteUpdate(s => s.SetProperty(r => r.WorkerTokenHash, (string?)null));
    }

    public string? Get(int runId)
    {
        using var db = dbFactory.CreateDbContext();
        return db.Runs.Where(r => r.Id == runId).Select(r => r.WorkerTokenHash).FirstOrDefault();
    }

    /// <summary>Whether <paramref name="hash"/> is any run's live token.</summary>
    public bool Exists(string hash)
    {
        using var db = dbFactory.CreateDbContext();
        return db.Runs.Any(r => r.WorkerTokenHash == hash);
    }
}
