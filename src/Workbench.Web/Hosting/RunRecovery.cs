using Workbench.Experiments;
using Workbench.Storage;
using Workbench.ModelFolders;

namespace Workbench.Web.Hosting;

/// <summary>
/// What a start-up finds of the last run of the server: whether it stopped cleanly (a marker written at shutdown) or
/// crashed, which runs it left running, and the checkpoints their workers wrote after it could no longer hear them
/// (a worker whose server dies stops and saves one), so Resume starts from the newest.
/// </summary>
public sealed class RunRecovery(RunStore store, RunLeases leases, HostIdentity host, DataPaths paths, StartupRecoveryGate gate, ILogger<RunRecovery> logger)
{
    public const string CleanShutdownFile = "clean-shutdown";
    public const string StoppedReason = "The server stopped while this run was running.";
    public const string CrashedReason = "The server crashed or was killed while this run was running.";

    // Hosts sharing a data directory keep a marker each.
    private string Marker => Path.Combine(paths.Root, host.IsConfigured ? $"{CleanShutdownFile}.{string.Join('_', host.Id.Split(Path.GetInvalidFileNameChars()))}" : CleanShutdownFile);

    /// <summary>Written last at a clean shutdown; its absence at the next start means the server died.</summary>
    public void MarkCleanShutdown()
    {
        try { File.WriteAllText(Marker, DateTime.UtcNow.ToString("O")); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { logger.LogWarning("Could not write {Marker}: {Message}", Marker, ex.Message); }
    }

    /// <summary>
    /// Marks the runs this host left running as interrupted (saying how it ended) and registers their unreported checkpoints.
    /// Other hosts' runs stay theirs until their leases run out (<see cref="Orchestration.RunScheduler"/> recovers those).
    /// </summary>
    public async Task RecoverAsync(CancellationToken ct)
    {
        var clean = File.Exists(Marker);
        if (clean) File.Delete(Marker);
        int interrupted;
        try { interrupted = (await leases.ReleaseOwnAsync(host.Id, clean ? StoppedReason : CrashedReason, ct)).Count; }
        finally { gate.Open(); }   // from here on, a report from a worker that outlived the last host revives its run for good
        if (interrupted > 0)
            logger.LogWarning("{Count} run(s) were running when the server {How}; marked interrupted", interrupted, clean ? "stopped" : "crashed");
        foreach (var run in (await store.ListAsync(ct)).Where(r => r.Status == RunStatus.Interrupted))
            await RegisterUnreportedAsync(run.Id, ct);
    }

    /// <summary>
    /// Registers the run's <c>step-N</c> folders newer than its newest registered checkpoint: complete (state file written
    /// last) and inside the run folder. Its worker wrote them but the host never registered them (it stopped hearing the
    /// worker, or heard the report after the worker had pruned the folder it named and refused it). A completed run is left
    /// alone: its final model is its checkpoint.
    /// </summary>
    public async Task RegisterUnreportedAsync(int runId, CancellationToken ct)
    {
        var run = await store.GetAsync(runId, ct);
        if (run is null || run.Status == RunStatus.Completed) return;
        var registered = run.Checkpoints.Select(c => c.Step).DefaultIfEmpty(-1).Max();
        var runDirectory = paths.RunDirectory(runId);
        foreach (var folder in ResumableCheckpoint.List(runDirectory))
        {
            var step = ResumableCheckpoint.StepOf(folder);
            if (step <= registered) continue;
            try
            {
                var model = SafeFolderFile.Check(Path.Combine(folder, ResumableCheckpoint.ModelFileName), roots: [CanonicalPath.Resolve(runDirectory)]);
                await store.AddCheckpointAsync(runId, new CheckpointSaved(model, step), ct);
                logger.LogInformation("Run {RunId}: registered checkpoint step {Step} found on disk (no report of it was registered)", runId, step);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException)
            {
                logger.LogWarning("Run {RunId}: {Folder} is not a usable checkpoint: {Message}", runId, folder, ex.Message);
            }
        }
    }
}
