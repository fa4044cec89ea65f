using Microsoft.EntityFrameworkCore;
using Workbench.Storage.Entities;

namespace Workbench.Storage;

/// <summary>What researchers add to runs (tags, notes, archive) and the reads behind the runs table and comparisons.</summary>
public sealed class RunTrackingStore(IDbContextFactory<WorkbenchDbContext> dbFactory)
{
    /// <summary>Runs with their metric summaries, newest first; archived runs only when asked.</summary>
    public async Task<IReadOnlyList<RunEntity>> ListWithSummariesAsync(bool includeArchived, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var runs = await db.Runs.AsNoTracking().Include(r => r.Group).Where(r => includeArchived || !r.Archived).OrderByDescending(r => r.Id).ToListAsync(ct);
        // One query for every summary beats an Include (a join that repeats each run's config per metric).
        var summaries = await db.MetricSummaries.AsNoTracking().ToListAsync(ct);
        var byRun = summaries.ToLookup(s => s.RunId);
        foreach (var run in runs) run.Summaries = byRun[run.Id].ToList();
        return runs;
    }

    /// <summary>The given runs (with summaries) in the order asked; unknown ids are left out.</summary>
    public async Task<IReadOnlyList<RunEntity>> GetManyAsync(IReadOnlyList<int> ids, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var runs = await db.Runs.AsNoTracking().Include(r => r.Summaries).Include(r => r.Group).Where(r => ids.Contains(r.Id)).ToListAsync(ct);
        return ids.Select(id => runs.FirstOrDefault(r => r.Id == id)).OfType<RunEntity>().ToList();
    }

    public async Task<IReadOnlyList<MetricSummaryEntity>> SummariesAsync(int runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.MetricSummaries.AsNoTracking().Where(s => s.RunId == runId).OrderBy(s => s.Name).ToListAsync(ct);
    }

    /// <summary>Replaces tags, notes and the archived flag (nulls leave a field as it is). False when the run does not exist.</summary>
    public async Task<bool> UpdateAsync(int runId, IEnumerable<string>? tags, string? notes, bool? archived, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = await db.Runs.FirstOrDefaultAsync(r => r.Id == runId, ct);
        if (run is null) return false;
        if (tags is not null) run.Tags = RunTags.Format(tags);
        if (notes is not null) run.Notes = notes.Length == 0 ? null : notes;
        if (archived is { } value) run.Archived = value;
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Deletes the run's rows (metrics, summaries and checkpoints cascade). Files are the caller's job. False when absent.</summary>
    public async Task<bool> DeleteAsync(int runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Bulk deletes first: a cascade through EF would load a million tracked points.
        await db.MetricPoints.Where(p => p.RunId == runId).ExecuteDeleteAsync(ct);
        await db.MetricSummaries.Where(s => s.RunId == runId).ExecuteDeleteAsync(ct);
        await db.Checkpoints.Where(c => c.RunId == runId).ExecuteDeleteAsync(ct);
        await db.SamplePredictions.Where(p => p.RunId == runId).ExecuteDeleteAsync(ct);
        await db.EvalSamples.Where(s => s.RunId == runId).ExecuteDeleteAsync(ct);
        return await db.Runs.Where(r => r.Id == runId).ExecuteDeleteAsync(ct) == 1;
    }
}
