using Workbench.Experiments;
using Workbench.Storage;
using Workbench.Storage.Entities;
using Workbench.Web.Hosting;
using Workbench.Web.Live;

namespace Workbench.Web.Orchestration;

/// <summary>The commands on runs, shared by the API and the pages: submit (validated), cancel, resume and delete.</summary>
public sealed class RunService(RunStore store, RunTelemetry telemetry, RunScheduler scheduler, RunEventFeed feed, RunTrackingStore tracking, DataPaths paths, DatasetStore datasets,
    ModelFolders.ModelFolderService modelFolders, ModelFolders.PresetCatalog presets, ModelReferenceResolver references, Resources.RunMemoryCheck memory)
{
    /// <summary>Validates and queues a run. Returns the run, or the errors (each naming its field).</summary>
    public async Task<(RunEntity? Run, IReadOnlyList<ValidationError> Errors)> SubmitAsync(RunConfig? config, CancellationToken ct = default)
    {
        var (resolved, errors) = await CheckAsync(config, ct);
        if (resolved is null) return (null, errors);

        var run = await store.CreateAsync(resolved, ct);
        feed.Publish(new RunCreated(run.Id));
        scheduler.Wake();
        return (run, []);
    }

    /// <summary>
    /// Everything <see cref="SubmitAsync"/> checks, without queueing: the config as it would be stored (run names resolved
    /// to run ids), or the errors.
    /// </summary>
    public async Task<(RunConfig? Config, IReadOnlyList<ValidationError> Errors)> CheckAsync(RunConfig? config, CancellationToken ct = default)
    {
        var errors = RunConfigValidator.Validate(config).ToList();
        if (errors.Count > 0) return (null, errors);
        var teacher = config!.LoadsTeacher && config.Teacher is { } usedTeacher ? await references.ResolveAsync(usedTeacher, "teacher", errors, ct) : config.Teacher;
        var student = await references.ResolveAsync(config.Student, "student", errors, ct);
        var oracle = config.Oracle is { } named ? await references.ResolveAsync(named, "oracle", errors, ct) : null;
        if (errors.Count == 0 && Experiments.Datasets.DatasetRefs.ImportedName(config.Dataset) is { } datasetName
            && await datasets.GetByNameAsync(datasetName, ct) is null)
        {
            errors.Add(new("dataset", $"No imported dataset named '{datasetName}'."));
        }
        for (var i = 0; errors.Count == 0 && i < (config.EvalSets?.Count ?? 0); i++)
            if (Experiments.Datasets.DatasetRefs.ImportedName(config.EvalSets![i].Dataset ?? "") is { } evalDataset
                && await datasets.GetByNameAsync(evalDataset, ct) is null)
                errors.Add(new($"evalSets[{i}].dataset", $"No imported dataset named '{evalDataset}'."));
        if (errors.Count == 0) await CheckModelFoldersAsync(config, errors, ct);
        var resolved = config with { Teacher = teacher, Student = student, Oracle = oracle };
        // Last: the estimate reads the shapes the checks above have found usable.
        if (errors.Count == 0 && (await memory.CheckAsync(resolved, ct)).Error is { } tooLarge) errors.Add(tooLarge);
        return errors.Count > 0 ? (null, errors) : (resolved, []);
    }

    // A folder path must still be a registered folder that passes every check it passed at registration.
    private async Task CheckModelFoldersAsync(RunConfig config, List<ValidationError> errors, CancellationToken ct)
    {
        if (config.Teacher?.Path is { } teacher && (await modelFolders.ResolveAsync(teacher, "teacher.path", ct)).Error is { } teacherError)
            errors.Add(teacherError);
        if (config.Student.Path is { } student && (await modelFolders.ResolveAsync(student, "student.path", ct)).Error is { } studentError)
            errors.Add(studentError);
        if (config.Oracle?.Path is { } oracle && (await modelFolders.ResolveAsync(oracle, "oracle.path", ct)).Error is { } oracleError)
            errors.Add(oracleError);
    }

    /// <summary>Queues the built-in demo: the teacher recipe, then a distillation from it.</summary>
    public Task<IReadOnlyList<RunEntity>> SubmitDemoAsync(CancellationToken ct = default) =>
        SubmitAllAsync(RunPresets.Demo.Select(p => p.Config), ct);

    /// <summary>
    /// Queues the Hugging Face demo: the demo Llama folder trained on the arithmetic task, then distilled into the demo Qwen2 folder.
    /// Returns the errors instead (naming <c>student.path</c>) while the server is still writing the demo folders.
    /// </summary>
    public async Task<(IReadOnlyList<RunEntity> Runs, IReadOnlyList<ValidationError> Errors)> SubmitHuggingFaceDemoAsync(CancellationToken ct = default)
    {
        var configs = presets.HuggingFaceDemo.Select(p => p.Config).ToList();
        foreach (var config in configs)
        {
            if (config.Student.Path is { } folder && (await modelFolders.ResolveAsync(folder, "student.path", ct)).Error is { } error)
                return ([], [error with { Message = $"The demo model folders are not ready yet (they are written on first start): {error.Message}" }]);
        }
        return (await SubmitAllAsync(configs, ct), []);
    }

    /// <summary>Queues configs in order, each checked as <see cref="SubmitAsync"/> does; throws when one is refused (built-in recipes only).</summary>
    public async Task<IReadOnlyList<RunEntity>> SubmitAllAsync(IEnumerable<RunConfig> configs, CancellationToken ct)
    {
        var runs = new List<RunEntity>();
        foreach (var config in configs)
        {
            var (run, errors) = await SubmitAsync(config, ct);
            if (run is null) throw new InvalidOperationException(string.Join("; ", errors));
            runs.Add(run);
        }
        return runs;
    }

    /// <summary>Cancels a queued run at once, or asks a running run's worker to stop. False when already finished.</summary>
    public async Task<bool> CancelAsync(int runId, CancellationToken ct = default)
    {
        if (scheduler.RequestCancel(runId)) return true;
        return await telemetry.StatusAsync(runId, RunStatus.Cancelled, ct: ct);
    }

    /// <summary>
    /// Deletes a finished run: its rows (metrics, summaries, checkpoints) and its folder, which holds every checkpoint file
    /// (the hub accepts no checkpoint outside it).
    /// A queued or running run must be cancelled first, so no worker writes into a folder being removed.
    /// </summary>
    public async Task<RunDeletion> DeleteAsync(int runId, CancellationToken ct = default)
    {
        var run = await store.GetAsync(runId, ct);
        if (run is null) return RunDeletion.NotFound;
        if (!run.Status.IsTerminal()) return RunDeletion.StillActive;
        await tracking.DeleteAsync(runId, ct);
        var folder = paths.RunDirectory(runId);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        feed.Publish(new RunDeleted(runId));
        return RunDeletion.Deleted;
    }

    /// <summary>
    /// Puts a cancelled, interrupted or failed run back in the queue, to continue from its latest resumable checkpoint
    /// (the scheduler passes it to the worker). Points recorded after that checkpoint's step are dropped, so the resumed
    /// steps follow on without duplicates.
    /// </summary>
    public async Task<ResumeResult> ResumeAsync(int runId, CancellationToken ct = default)
    {
        if (await store.GetAsync(runId, ct) is not { } run) return ResumeResult.NotFound;
        if (!IsResumableStatus(run.Status)) return ResumeResult.WrongStatus;
        if (await LatestResumableAsync(store, runId, ct) is not { } checkpoint) return ResumeResult.NoCheckpoint;
        if ((await memory.CheckAsync(RunConfigJson.Deserialize(run.ConfigJson), ct)).Error is not null) return ResumeResult.OverMemoryBudget;
        if (!await store.RequeueForResumeAsync(runId, checkpoint.Step, ct)) return ResumeResult.WrongStatus;   // changed meanwhile
        await telemetry.AnnounceStatusAsync(runId, RunStatus.Queued, null);
        scheduler.Wake();
        return ResumeResult.Resumed;
    }

    /// <summary>True when the page should offer Resume: a stopped run with a resumable checkpoint on disk.</summary>
    public static bool CanResume(RunEntity run) =>
        IsResumableStatus(run.Status) && run.Checkpoints.Any(c => ResumableCheckpoint.FolderOf(c.Path) is not null);

    /// <summary>
    /// The checkpoint to resume from: the newest whose folder still holds a complete training state, at or before the last step
    /// whose points the host stored, so the resumed history has no gap; when the worker pruned all of those (a host that heard
    /// it late), the newest complete one, and the points between go missing rather than the run being unresumable.
    /// </summary>
    public static async Task<CheckpointEntity?> LatestResumableAsync(RunStore store, int runId, CancellationToken ct)
    {
        var stored = await store.LastTrainingStepAsync(runId, ct);
        return await store.LatestCheckpointAsync(runId, c => c.Step <= stored && ResumableCheckpoint.FolderOf(c.Path) is not null, ct)
            ?? await store.LatestCheckpointAsync(runId, c => ResumableCheckpoint.FolderOf(c.Path) is not null, ct);
    }

    private static bool IsResumableStatus(RunStatus status) => status is RunStatus.Cancelled or RunStatus.Interrupted or RunStatus.Failed;
}

public enum RunDeletion { Deleted, NotFound, StillActive }
