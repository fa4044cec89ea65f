using Microsoft.EntityFrameworkCore;
using Workbench.Experiments;
using Workbench.Storage.Entities;

namespace Workbench.Storage;

/// <summary>Groups (experiments) and the runs queued in them.</summary>
public sealed class GroupStore(IDbContextFactory<WorkbenchDbContext> dbFactory, TimeProvider time)
{
    /// <summary>Saves the group and one queued run per config, ids in config order, in one transaction: a sweep is queued whole or not at all.</summary>
    public async Task<RunGroupEntity> CreateWithRunsAsync(RunGroupEntity group, IReadOnlyList<RunConfig> configs, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        group.CreatedAt = time.GetUtcNow().UtcDateTime;
        group.Runs.AddRange(configs.Select(config => RunStore.NewRun(config, time)));
        db.RunGroups.Add(group);
        await db.SaveChangesAsync(ct);
        // Ids must follow the queue order (the scheduler starts the lowest id first). EF inserts one batch in the order the
        // entities were added; checked, because a silently reordered queue would be worse than a refused sweep.
        if (group.Runs.Select(r => r.Id).Zip(group.Runs.Skip(1).Select(r => r.Id)).Any(pair => pair.First >= pair.Second))
            throw new InvalidOperationException("Runs of a group were not inserted in queue order.");
        await transaction.CommitAsync(ct);
        return group;
    }

    /// <summary>Every group, newest first, with its runs counted by status.</summary>
    public async Task<IReadOnlyList<GroupSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var groups = await db.RunGroups.AsNoTracking().OrderByDescending(g => g.Id)
            .Select(g => new { g.Id, g.Name, g.CreatedAt }).ToListAsync(ct);
        var counts = (await db.Runs.AsNoTracking().Where(r => r.GroupId != null)
                .GroupBy(r => new { r.GroupId, r.Status }).Select(c => new { c.Key.GroupId, c.Key.Status, Count = c.Count() }).ToListAsync(ct))
            .ToLookup(c => c.GroupId!.Value);
        return groups.Select(g =>
        {
            int Count(Func<RunStatus, bool> which) => counts[g.Id].Where(c => which(c.Status)).Sum(c => c.Count);
            return new GroupSummary(g.Id, g.Name, g.CreatedAt, Count(_ => true), Count(s => s == RunStatus.Completed),
                Count(s => !s.IsTerminal()), Count(s => s.IsTerminal() && s != RunStatus.Completed));
        }).ToList();
    }

    /// <summary>The group with its runs in queue order, or null.</summary>
    public async Task<RunGroupEntity?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var group = await db.RunGroups.AsNoTracking().FirstOrDefaultAsync(g => g.Id == id, ct);
        if (group is null) return null;
        group.Runs = await db.Runs.AsNoTracking().Where(r => r.GroupId == id).OrderBy(r => r.Id).ToListAsync(ct);
        return group;
    }

    /// <summary>Renames, re-notes or re-baselines a group (nulls leave a field as it is; an empty string clears notes or baseline). False when absent.</summary>
    public async Task<bool> UpdateAsync(int id, string? name, string? notes, string? baselineJson, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var group = await db.RunGroups.FirstOrDefaultAsync(g => g.Id == id, ct);
        if (group is null) return false;
        if (name is not null) group.Name = name;
        if (notes is not null) group.Notes = notes.Length == 0 ? null : notes;
        if (baselineJson is not null) group.BaselineJson = baselineJson.Length == 0 ? null : baselineJson;
        await db.SaveChangesAsync(ct);
        return true;
    }
}
