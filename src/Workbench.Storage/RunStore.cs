using Microsoft.EntityFrameworkCore;
using Workbench.Experiments;
using Workbench.Storage.Entities;

namespace Workbench.Storage;

/// <summary>
/// Every read and write of runs, metrics and checkpoints. Short-lived contexts from the factory, because
/// circuits and background loops outlive any sensible DbContext scope.
/// </summary>
public sealed class RunStore(IDbContextFactory<WorkbenchDbContext> dbFactory, TimeProvider time)
{
    public async Task<RunEntity> CreateAsync(RunConfig config, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = NewRun(config, time);
        db.Runs.Add(run);
        await db.SaveChangesAsync(ct);
        return run;
    }

    /// <summary>A queued run of <paramref name="config"/>, not yet saved.</summary>
    public static RunEntity NewRun(RunConfig config, TimeProvider time) => new()
    {
        Name = config.Name,
        ConfigJson = RunConfigJson.Serialize(config),
        Status = RunStatus.Queued,
        CreatedAt = time.GetUtcNow().UtcDateTime,
        TotalSteps = config.Steps,
    };

    public async Task<RunEntity?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Runs.AsNoTracking().Include(r => r.Checkpoints).FirstOrDefaultAsync(r => r.Id == id, ct);
    }

    public async Task<IReadOnlyList<RunEntity>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Runs.AsNoTracking().OrderByDescending(r => r.Id).ToListAsync(ct);
    }

    /// <summary>The oldest queued runs, in submission order.</summary>
    public async Task<IReadOnlyList<RunEntity>> QueuedAsync(int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Runs.AsNoTracking().Where(r => r.Status == RunStatus.Queued).OrderBy(r => r.Id).Take(take).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<MetricPoint>> GetMetricsAsync(int runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.MetricPoints.AsNoTracking()
            .Where(p => p.RunId == runId)
            .OrderBy(p => p.Id)
            .Select(p => new MetricPoint(p.Name, p.Step, p.Value, p.WallTime))
            .ToListAsync(ct);
    }

    /// <summary>Appends one batch in one transaction.</summary>
    public async Task AppendMetricsAsync(int runId, IReadOnlyList<MetricPoint> points, CancellationToken ct = default)
    {
        if (points.Count == 0) return;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await AddPointsAsync(db, runId, points, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Appends the points of the worker reports (sequence, points) the run has not applied yet, and records their highest
    /// sequence, in one transaction that locks the run's row before it reads the applied sequence, so two deliveries of the
    /// same reports racing each other (on one host or two) append them once. Returns the sequences applied.
    /// </summary>
    public async Task<IReadOnlyList<long>> AppendReportedMetricsAsync(int runId, IReadOnlyList<(long Sequence, MetricPoint[] Points)> reports,
                                                                     CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The lock: a write to the row, which PostgreSQL holds until commit (a racing delivery waits here, then reads the
        // sequence this one wrote), as SELECT ... FOR UPDATE would; SQLite's immediate transaction already holds the
        // database's write lock from its start.
        await db.Runs.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s.SetProperty(r => r.ReportSequence, r => r.ReportSequence), ct);
        var applied = await db.Runs.Where(r => r.Id == runId).Select(r => r.ReportSequence).FirstOrDefaultAsync(ct);
        var fresh = reports.Where(r => r.Sequence > applied).ToList();
        if (fresh.Count == 0) return [];
        await AddPointsAsync(db, runId, [.. fresh.SelectMany(r => r.Points)], ct);
        await AdvanceReportSequenceAsync(db, runId, fresh.Max(r => r.Sequence), ct);
        await transaction.CommitAsync(ct);
        return [.. fresh.Select(r => r.Sequence)];
    }

    private static async Task AddPointsAsync(WorkbenchDbContext db, int runId, IReadOnlyList<MetricPoint> points, CancellationToken ct)
    {
        if (points.Count == 0) return;
        db.MetricPoints.AddRange(points.Select(p => new MetricPointEntity
        {
            RunId = runId, Name = p.Name, Step = p.Step, Value = p.Value, WallTime = p.WallTime,
        }));
        await db.SaveChangesAsync(ct);
        await MetricSummaryUpdate.ApplyAsync(db, runId, points, ct);
    }

    /// <summary>The sequence of the last worker report applied to the run; null when there is no such run.</summary>
    public async Task<long?> ReportSequenceAsync(int runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Runs.Where(r => r.Id == runId).Select(r => (long?)r.ReportSequence).FirstOrDefaultAsync(ct);
    }

    /// <summary>Records that the worker's reports up to <paramref name="sequence"/> are applied (never moves backwards).</summary>
    public async Task AdvanceReportSequenceAsync(int runId, long sequence, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await AdvanceReportSequenceAsync(db, runId, sequence, ct);
    }

    private static Task<int> AdvanceReportSequenceAsync(WorkbenchDbContext db, int runId, long sequence, CancellationToken ct) =>
        db.Runs.Where(r => r.Id == runId && r.ReportSequence < sequence).ExecuteUpdateAsync(s => s.SetProperty(r => r.ReportSequence, sequence), ct);

    /// <summary>
    /// Interrupted → Running: the server marked the run interrupted when it (re)started, but its worker lives elsewhere and
    /// is still reporting. False when the run is in any other state.
    /// </summary>
    public async Task<bool> TryReviveAsync(int runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Runs.Where(r => r.Id == runId && r.Status == RunStatus.Interrupted)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RunStatus.Running).SetProperty(r => r.Error, (string?)null)
                .SetProperty(r => r.FinishedAt, (DateTime?)null), ct) == 1;
    }

    /// <summary>Queued → Running. False when the run is no longer queued (cancelled meanwhile).</summary>
    public async Task<bool> TryMarkRunningAsync(int runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        return await db.Runs.Where(r => r.Id == runId && r.Status == RunStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RunStatus.Running).SetProperty(r => r.StartedAt, now), ct) == 1;
    }

    /// <summary>Records where the run's worker runs (<see cref="RunEntity.WorkerLocation"/>).</summary>
    public async Task SetWorkerLocationAsync(int runId, string location, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Runs.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s.SetProperty(r => r.WorkerLocation, location), ct);
    }

    /// <summary>Where the run's last worker was placed (<see cref="RunEntity.WorkerLocation"/>), or null.</summary>
    public async Task<string?> WorkerLocationAsync(int runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Runs.Where(r => r.Id == runId).Select(r => r.WorkerLocation).FirstOrDefaultAsync(ct);
    }

    public async Task RecordStartedAsync(int runId, RunStarted info, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Runs.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Device, info.Device)
            .SetProperty(r => r.ParameterCount, info.ParameterCount)
            .SetProperty(r => r.TotalSteps, info.TotalSteps), ct);
    }

    public async Task RecordProgressAsync(int runId, RunProgress progress, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Runs.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Step, progress.Step)
            .SetProperty(r => r.TotalSteps, progress.TotalSteps)
            .SetProperty(r => r.StepsPerSecond, progress.StepsPerSecond)
            .SetProperty(r => r.TokensPerSecond, progress.TokensPerSecond), ct);
    }

    public async Task AddCheckpointAsync(int runId, CheckpointSaved checkpoint, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Checkpoints.Add(new CheckpointEntity
        {
            RunId = runId, Path = checkpoint.Path, Step = checkpoint.Step, CreatedAt = time.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Moves a run to a terminal status unless it already is in one. Returns whether it changed.</summary>
    public async Task<bool> FinishAsync(int runId, RunStatus status, string? error = null, CancellationToken ct = default)
    {
        if (!status.IsTerminal()) throw new ArgumentException($"{status} is not a terminal status.", nameof(status));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var changed = await db.Runs
            .Where(r => r.Id == runId && (r.Status == RunStatus.Queued || r.Status == RunStatus.Running))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, status).SetProperty(r => r.Error, error).SetProperty(r => r.FinishedAt, now), ct);
        if (changed == 1 && status == RunStatus.Completed)
            await db.Runs.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Step, r => r.TotalSteps), ct);
        return changed == 1;
    }

    /// <summary>The last step whose training loss the host stored (0 when none).</summary>
    public async Task<long> LastTrainingStepAsync(int runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.MetricPoints.Where(p => p.RunId == runId && p.Name == MetricNames.TrainLoss).MaxAsync(p => (long?)p.Step, ct) ?? 0;
    }

    /// <summary>
    /// The newest checkpoint of a run that <paramref name="isResumable"/> accepts (newest step first), or null.
    /// </summary>
    public async Task<CheckpointEntity?> LatestCheckpointAsync(int runId, Func<CheckpointEntity, bool> isResumable, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var checkpoints = await db.Checkpoints.AsNoTracking().Where(c => c.RunId == runId)
            .OrderByDescending(c => c.Step).ThenByDescending(c => c.Id).ToListAsync(ct);
        return checkpoints.FirstOrDefault(isResumable);
    }

    /// <summary>
    /// Cancelled, interrupted or failed → queued again, to continue after <paramref name="fromStep"/>: points and checkpoints
    /// recorded after that step (a killed worker reports past its last checkpoint) are removed, so the resumed run's
    /// steps follow on without duplicates. False when the run is not in a resumable status.
    /// </summary>
    public async Task<bool> RequeueForResumeAsync(int runId, long fromStep, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.Runs
            .Where(r => r.Id == runId && (r.Status == RunStatus.Cancelled || r.Status == RunStatus.Interrupted || r.Status == RunStatus.Failed))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RunStatus.Queued).SetProperty(r => r.Error, (string?)null)
                .SetProperty(r => r.FinishedAt, (DateTime?)null).SetProperty(r => r.Step, fromStep), ct);
        if (changed == 0) return false;
        await db.MetricPoints.Where(p => p.RunId == runId && p.Step > fromStep).ExecuteDeleteAsync(ct);
        await db.Checkpoints.Where(c => c.RunId == runId && c.Step > fromStep).ExecuteDeleteAsync(ct);
        await db.SamplePredictions.Where(p => p.RunId == runId && p.Step > fromStep).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>At start-up: runs left "running" by a server that stopped are interrupted, never running forever.</summary>
    public async Task<int> MarkInterruptedAsync(CancellationToken ct = default) =>
        await MarkInterruptedAsync("The server stopped while this run was running.", ct);

    /// <summary>Marks every run still running as interrupted, with <paramref name="reason"/> (whether the server stopped or crashed).</summary>
    public async Task<int> MarkInterruptedAsync(string reason, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        return await db.Runs.Where(r => r.Status == RunStatus.Running).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, RunStatus.Interrupted)
            .SetProperty(r => r.Error, reason)
            .SetProperty(r => r.FinishedAt, now), ct);
    }

    /// <summary>Final checkpoints of completed runs: the models a distillation run can use as teacher.</summary>
    public async Task<IReadOnlyList<CheckpointEntity>> TeacherCandidatesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var checkpoints = await db.Checkpoints.AsNoTracking().Include(c => c.Run)
            .Where(c => c.Run!.Status == RunStatus.Completed)
            .OrderByDescending(c => c.Id).ToListAsync(ct);
        return checkpoints.GroupBy(c => c.RunId).Select(g => g.First()).ToList();
    }

    /// <summary>
    /// Resolves a teacher reference: a checkpoint id ("12") or a run name ("demo-teacher", the newest
    /// completed run of that name). Returns null when nothing matches.
    /// </summary>
    public async Task<CheckpointEntity?> ResolveCheckpointAsync(string reference, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (int.TryParse(reference, out var id))
            return await db.Checkpoints.AsNoTracking().Include(c => c.Run).FirstOrDefaultAsync(c => c.Id == id, ct);
        return await db.Checkpoints.AsNoTracking().Include(c => c.Run)
            .Where(c => c.Run!.Name == reference && c.Run.Status == RunStatus.Completed)
            .OrderByDescending(c => c.RunId).ThenByDescending(c => c.Step).FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// The newest run of this name that is completed, queued or running (one that has or will have a checkpoint), or null:
    /// what a run name in a submitted config resolves to, once.
    /// </summary>
    public async Task<RunEntity?> NewestUsableRunNamedAsync(string name, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Runs.AsNoTracking()
            .Where(r => r.Name == name && (r.Status == RunStatus.Completed || r.Status == RunStatus.Queued || r.Status == RunStatus.Running))
            .OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>The last checkpoint a run saved (its final model once it completed), or null.</summary>
    public async Task<CheckpointEntity?> FinalCheckpointAsync(int runId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Checkpoints.AsNoTracking().Where(c => c.RunId == runId)
            .OrderByDescending(c => c.Step).ThenByDescending(c => c.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>The status of each of the given runs that exists.</summary>
    public async Task<IReadOnlyDictionary<int, RunStatus>> StatusesAsync(IReadOnlyCollection<int> runIds, CancellationToken ct = default)
    {
        if (runIds.Count == 0) return new Dictionary<int, RunStatus>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Runs.AsNoTracking().Where(r => runIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, r => r.Status, ct);
    }

    /// <summary>True when a queued or running run has this name (a teacher that will exist once it completes).</summary>
    public async Task<bool> HasPendingRunNamedAsync(string name, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Runs.AnyAsync(r => r.Name == name && (r.Status == RunStatus.Queued || r.Status == RunStatus.Running), ct);
    }
}
