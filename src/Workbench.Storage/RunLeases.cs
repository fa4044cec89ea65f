using Microsoft.EntityFrameworkCore;
using Workbench.Experiments;

namespace Workbench.Storage;

/// <summary>
/// Which host runs which run, when several web hosts share one database. A host claims a queued run with one conditional
/// UPDATE (only one claimer can see it still queued), holds it with a lease it renews while its worker lives, and any host
/// recovers a run whose lease ran out (its host died) by marking it interrupted, so it can be resumed.
/// </summary>
public sealed class RunLeases(IDbContextFactory<WorkbenchDbContext> dbFactory, TimeProvider time)
{
    /// <summary>Moves a queued run to running, owned by <paramref name="host"/> until now + <paramref name="lease"/>. True for exactly one claimer.</summary>
    public async Task<bool> TryClaimAsync(int runId, string host, TimeSpan lease, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var until = now + lease;
        return await db.Runs.Where(r => r.Id == runId && r.Status == RunStatus.Queued)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, RunStatus.Running)
                .SetProperty(r => r.StartedAt, now)
                .SetProperty(r => r.OwnerHost, host)
                .SetProperty(r => r.LeaseExpiresAt, until), ct) == 1;
    }

    /// <summary>Extends <paramref name="host"/>'s leases on <paramref name="runIds"/>; returns the runs it still holds (running and its own).</summary>
    public async Task<IReadOnlyList<int>> RenewAsync(string host, IReadOnlyCollection<int> runIds, TimeSpan lease, CancellationToken ct = default)
    {
        if (runIds.Count == 0) return [];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var until = time.GetUtcNow().UtcDateTime + lease;
        var held = db.Runs.Where(r => runIds.Contains(r.Id) && r.Status == RunStatus.Running && r.OwnerHost == host);
        await held.ExecuteUpdateAsync(s => s.SetProperty(r => r.LeaseExpiresAt, until), ct);
        return await held.Select(r => r.Id).ToListAsync(ct);
    }

    /// <summary>
    /// Marks interrupted the runs left running by <paramref name="host"/> itself (it restarted; runs claimed before leases
    /// existed count as its own) and returns them.
    /// </summary>
    public async Task<IReadOnlyList<int>> ReleaseOwnAsync(string host, string reason, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = await db.Runs.Where(r => r.Status == RunStatus.Running && (r.OwnerHost == host || r.OwnerHost == null)).Select(r => r.Id).ToListAsync(ct);
        var released = new List<int>();
        foreach (var id in ids)
            if (await InterruptAsync(db, db.Runs.Where(r => r.Id == id && r.Status == RunStatus.Running), reason, ct)) released.Add(id);
        return released;
    }

    /// <summary>
    /// Takes over runs whose worker reports to <paramref name="host"/> although another host launched it (that host died and
    /// the worker failed over here): a running run whose lease ran out (or that <paramref name="host"/> holds already) becomes
    /// <paramref name="host"/>'s until now + <paramref name="lease"/>, and an interrupted one (recovered before its worker got
    /// through) runs again. A run whose owner still renews stays its owner's. Returns the runs <paramref name="host"/> now
    /// holds and, of those, the ones it revived.
    /// </summary>
    public async Task<(IReadOnlyList<int> Held, IReadOnlyList<int> Revived)> AdoptAsync(string host, IReadOnlyCollection<int> runIds, TimeSpan lease,
                                                                                       CancellationToken ct = default)
    {
        if (runIds.Count == 0) return ([], []);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var until = now + lease;
        var revived = new List<int>();
        foreach (var id in await db.Runs.Where(r => runIds.Contains(r.Id) && r.Status == RunStatus.Interrupted).Select(r => r.Id).ToListAsync(ct))
        {
            if (await db.Runs.Where(r => r.Id == id && r.Status == RunStatus.Interrupted).ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.Status, RunStatus.Running).SetProperty(r => r.Error, (string?)null).SetProperty(r => r.FinishedAt, (DateTime?)null)
                    .SetProperty(r => r.OwnerHost, host).SetProperty(r => r.LeaseExpiresAt, until), ct) == 1)
                revived.Add(id);
        }
        var takeable = db.Runs.Where(r => runIds.Contains(r.Id) && r.Status == RunStatus.Running
                                          && (r.OwnerHost == host || r.LeaseExpiresAt == null || r.LeaseExpiresAt < now));
        await takeable.ExecuteUpdateAsync(s => s.SetProperty(r => r.OwnerHost, host).SetProperty(r => r.LeaseExpiresAt, until), ct);
        var held = await db.Runs.Where(r => runIds.Contains(r.Id) && r.Status == RunStatus.Running && r.OwnerHost == host).Select(r => r.Id).ToListAsync(ct);
        return (held, revived);
    }

    /// <summary>
    /// Marks interrupted every running run whose lease expired more than <paramref name="grace"/> ago (its host stopped
    /// renewing: killed, hung or cut off), naming the host; returns them. A renewal or an adoption that lands first keeps the
    /// run; the grace gives a host its worker failed over to the time to adopt it first.
    /// </summary>
    public async Task<IReadOnlyList<(int RunId, string Reason)>> RecoverExpiredAsync(TimeSpan grace = default, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime - grace;
        var expired = await db.Runs.Where(r => r.Status == RunStatus.Running && r.LeaseExpiresAt != null && r.LeaseExpiresAt < now)
            .Select(r => new { r.Id, r.OwnerHost }).ToListAsync(ct);
        var recovered = new List<(int, string)>();
        foreach (var run in expired)
        {
            var reason = $"Host {run.OwnerHost} stopped renewing its lease on this run (killed, hung or cut off from the database).";
            var stillExpired = db.Runs.Where(r => r.Id == run.Id && r.Status == RunStatus.Running && r.LeaseExpiresAt < now);
            if (await InterruptAsync(db, stillExpired, reason, ct)) recovered.Add((run.Id, reason));
        }
        return recovered;
    }

    private async Task<bool> InterruptAsync(WorkbenchDbContext db, IQueryable<Entities.RunEntity> run, string reason, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return await run.ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, RunStatus.Interrupted)
            .SetProperty(r => r.Error, reason)
            .SetProperty(r => r.FinishedAt, now)
            .SetProperty(r => r.LeaseExpiresAt, (DateTime?)null), ct) == 1;
    }
}
