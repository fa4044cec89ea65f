using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Workbench.Experiments;
using Workbench.Experiments.Leaf;
using Workbench.Storage.Entities;

namespace Workbench.Storage;

/// <summary>LeaF's stored intermediates: per-sample detection results, attention snapshots of probe samples, the stage of a run.</summary>
public sealed class LeafStore(IDbContextFactory<WorkbenchDbContext> dbFactory)
{
    /// <summary>Stores (or replaces, by sample index) a batch of detection results in one transaction.</summary>
    public async Task AddDetectedAsync(int runId, IReadOnlyList<DetectedSample> samples, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var indexes = samples.Select(s => s.Index).ToArray();
        await db.DetectedSamples.Where(s => s.RunId == runId && indexes.Contains(s.SampleIndex)).ExecuteDeleteAsync(ct);
        db.DetectedSamples.AddRange(samples.Select(s => new DetectedSampleEntity
        {
            RunId = runId,
            SampleIndex = s.Index,
            SpanCount = s.Spans.Length,
            FlaggedTokens = s.Spans.Sum(span => span[1] - span[0]),
            Json = JsonSerializer.Serialize(s, RunConfigJson.Options),
        }));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A page of a run's detection results: all, or only flagged ones, in sample order or most-pruned first.</summary>
    public async Task<DetectionPage> GetDetectedAsync(int runId, DetectionQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = db.DetectedSamples.AsNoTracking().Where(s => s.RunId == runId);
        if (query.FlaggedOnly) rows = rows.Where(s => s.SpanCount > 0);
        var total = await rows.CountAsync(ct);
        rows = query.MostPrunedFirst
            ? rows.OrderByDescending(s => s.FlaggedTokens).ThenBy(s => s.SampleIndex)
            : rows.OrderBy(s => s.SampleIndex);
        var json = await rows.Skip(query.Offset).Take(Math.Clamp(query.Limit, 1, 500)).Select(s => s.Json).ToListAsync(ct);
        return new DetectionPage(total, [.. json.Select(j => JsonSerializer.Deserialize<DetectedSample>(j, RunConfigJson.Options)!)]);
    }

    public async Task<int> CountDetectedAsync(int runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.DetectedSamples.CountAsync(s => s.RunId == runId, ct);
    }

    public async Task AddAttentionAsync(int runId, AttentionSnapshot snapshot, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.AttentionSnapshots.Add(new AttentionSnapshotEntity
        {
            RunId = runId,
            Step = snapshot.Step,
            Probe = snapshot.Probe,
            Model = snapshot.Model,
            MetaJson = JsonSerializer.Serialize(snapshot with { Half = [] }, RunConfigJson.Options),
            Half = snapshot.Half,
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The steps at which a run has attention snapshots, ascending.</summary>
    public async Task<IReadOnlyList<long>> AttentionStepsAsync(int runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AttentionSnapshots.AsNoTracking().Where(s => s.RunId == runId)
            .Select(s => s.Step).Distinct().OrderBy(s => s).ToListAsync(ct);
    }

    /// <summary>The snapshot of one probe and model at <paramref name="step"/>, or the latest one when null.</summary>
    public async Task<AttentionSnapshot?> GetAttentionAsync(int runId, int probe, string model, long? step, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = db.AttentionSnapshots.AsNoTracking().Where(s => s.RunId == runId && s.Probe == probe && s.Model == model);
        if (step is { } at) rows = rows.Where(s => s.Step <= at);
        var row = await rows.OrderByDescending(s => s.Step).FirstOrDefaultAsync(ct);
        if (row is null) return null;
        var meta = JsonSerializer.Deserialize<AttentionSnapshot>(row.MetaJson, RunConfigJson.Options)!;
        return meta with { Half = row.Half };
    }

    /// <summary>Probe indexes a run has snapshots for.</summary>
    public async Task<IReadOnlyList<int>> AttentionProbesAsync(int runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AttentionSnapshots.AsNoTracking().Where(s => s.RunId == runId)
            .Select(s => s.Probe).Distinct().OrderBy(p => p).ToListAsync(ct);
    }

    public async Task RecordStageAsync(int runId, RunStageProgress stage, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Runs.Where(r => r.Id == runId).ExecuteUpdateAsync(u => u
            .SetProperty(r => r.Stage, stage.Stage)
            .SetProperty(r => r.StageDone, stage.Done)
            .SetProperty(r => r.StageTotal, stage.Total), ct);
    }
}

public sealed record DetectionQuery(bool FlaggedOnly = false, bool MostPrunedFirst = false, int Offset = 0, int Limit = 50);

public sealed record DetectionPage(int Total, IReadOnlyList<DetectedSample> Samples);
