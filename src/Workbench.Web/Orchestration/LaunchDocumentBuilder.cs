using Microsoft.Extensions.Options;
using Workbench.Experiments;
using Workbench.Experiments.Datasets;
using Workbench.RunProtocol.Launch;
using Workbench.Storage;
using Workbench.Web.Hosting;

namespace Workbench.Web.Orchestration;

/// <summary>
/// Writes a run's launch document (<see cref="LaunchDocument.FileName"/> in its folder), once per launch: the config, and
/// what its references resolve to now, checked again (a teacher or starting student named by run, checkpoint or
/// registered folder; imported datasets, exported to files; the checkpoint a resumed run continues from). The worker reads
/// nothing else but the host's address. For a worker that shares no disk with the host (<c>sharedDisk</c> false
/// in <see cref="WriteAsync"/>) the document names no host path: the inputs are granted to the run by SHA-256 and the
/// output folder is relative to the worker's working folder.
/// </summary>
public sealed class LaunchDocumentBuilder(
    RunStore store,
    DatasetStore datasets,
    ModelFolders.ModelFolderService modelFolders,
    ModelFolders.ModelRoots modelRoots,
    DataPaths paths,
    Artifacts.LaunchArtifactGranter artifacts,
    IOptions<WorkbenchOptions> options)
{
    /// <summary>Resolves, writes and returns the path of <paramref name="runId"/>'s launch document; throws naming the field that does not resolve.</summary>
    /// <param name="hostUrls">Further hosts the worker may fail over to (<see cref="LaunchDocument.HostUrls"/>).</param>
    /// <param name="sharedDisk">False: the worker fetches its inputs over HTTP (<see cref="LaunchDocument.Artifacts"/>).</param>
    public async Task<string> WriteAsync(int runId, RunConfig config, WorkerCredentialsReference credentials, CancellationToken ct,
                                         IReadOnlyList<string>? hostUrls = null, bool sharedDisk = true)
    {
        var runDirectory = paths.RunDirectory(runId);
        Directory.CreateDirectory(runDirectory);
        SetStaleSpoolAside(runDirectory);
        var references = await ResolveAsync(runId, config, ct);
        var launch = new LaunchDocument(runId, config, references, runDirectory, credentials,
            FirstSequence: (await store.ReportSequenceAsync(runId, ct) ?? 0) + 1,
            Threads: options.Value.TorchThreads,
            KeepCheckpoints: options.Value.KeepCheckpoints,
            ModelRoots: modelRoots.Configured.ToList(),
            TeacherStoreBudgetMb: options.Value.TeacherStoreBudgetMb > 0 ? options.Value.TeacherStoreBudgetMb : null,
            HostUrls: hostUrls is { Count: > 0 } ? hostUrls : null);   // the worker checks the folders' files again
        if (!sharedDisk)
            launch = launch with
            {
                // The files were checked here and are checked by hash on arrival; the host's model roots mean nothing there.
                References = new LaunchReferences(),
                Artifacts = await artifacts.GrantAsync(runId, references, ct),
                OutputDirectory = Path.Combine("runs", runId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ModelRoots = null,
            };
        var path = Path.Combine(runDirectory, LaunchDocument.FileName);
        await LaunchDocumentJson.WriteAsync(path, launch, ct);
        return path;
    }

    // A spool an earlier worker of this run left (it died while its host was away) holds reports of an attempt the run has
    // moved on from: a resumed run redoes the steps after its checkpoint, so replaying them would add those steps twice. Kept
    // beside it for inspection, never sent; what it held before the checkpoint stays missing, as after any crash.
    private static void SetStaleSpoolAside(string runDirectory)
    {
        var spool = Path.Combine(runDirectory, LaunchDocument.SpoolFileName);
        if (File.Exists(spool)) File.Move(spool, Path.Combine(runDirectory, LaunchDocument.StaleSpoolFileName), overwrite: true);
    }

    private async Task<LaunchReferences> ResolveAsync(int runId, RunConfig config, CancellationToken ct)
    {
        var teacher = config.LoadsTeacher && config.Teacher is { } model ? await ModelFileAsync(model, "teacher", ct) : null;
        var oracle = config.Oracle is { } oracleModel ? await ModelFileAsync(oracleModel, "oracle", ct) : null;
        var student = config.Student.Run is { } studentRun ? await FinalCheckpointAsync(studentRun, "student.run", ct)
            : config.Student.Checkpoint is { } start ? await CheckpointAsync(start, "student.checkpoint", ct)
            : config.Student.Path is { } studentFolder ? await ModelFolderAsync(studentFolder, "student.path", ct)
            : null;
        var dataset = DatasetRefs.ImportedName(config.Dataset) is { } datasetName ? await ExportAsync(datasetName, "dataset", ct) : null;
        // Evaluation sets may name other imported datasets: each is exported too.
        var evalDatasets = new Dictionary<string, string>();
        foreach (var (evalDataset, index) in (config.EvalSets ?? []).Select((s, i) => (s.Dataset, i)).Where(d => d.Dataset is not null && d.Dataset != config.Dataset).DistinctBy(d => d.Dataset))
        {
            if (DatasetRefs.ImportedName(evalDataset!) is { } evalName)
                evalDatasets[evalDataset!] = await ExportAsync(evalName, $"evalSets[{index}].dataset", ct);
        }
        // A queued run with a resumable checkpoint was queued by Resume: continue it (fresh runs have no checkpoints yet).
        var resume = await RunService.LatestResumableAsync(store, runId, ct) is { } resumeFrom ? ResumableCheckpoint.FolderOf(resumeFrom.Path) : null;
        return new LaunchReferences(teacher, student, dataset, evalDatasets, resume, oracle);
    }

    // A teacher or an oracle: a run's final checkpoint, a checkpoint by id or run name, or a registered model folder.
    private async Task<string?> ModelFileAsync(ModelRef model, string role, CancellationToken ct) =>
        model.Run is { } run ? await FinalCheckpointAsync(run, $"{role}.run", ct)
        : model.Checkpoint is { } reference ? await CheckpointAsync(reference, $"{role}.checkpoint", ct)
        : model.Path is { } folder ? await ModelFolderAsync(folder, $"{role}.path", ct)
        : null;

    private async Task<string> ExportAsync(string name, string field, CancellationToken ct)
    {
        var dataset = await datasets.GetByNameAsync(name, ct) ?? throw new InvalidOperationException($"{field}: no imported dataset named '{name}'.");
        return await datasets.ExportAsync(dataset.Id, paths.Root, ct) ?? throw new InvalidOperationException($"{field}: could not export '{name}'.");
    }

    private async Task<string> CheckpointAsync(string reference, string field, CancellationToken ct) =>
        (await store.ResolveCheckpointAsync(reference, ct))?.Path
        ?? throw new InvalidOperationException($"{field}: no completed run or checkpoint '{reference}'.");

    private async Task<string> FinalCheckpointAsync(int runId, string field, CancellationToken ct) =>
        (await store.FinalCheckpointAsync(runId, ct))?.Path
        ?? throw new InvalidOperationException($"{field}: run {runId} saved no checkpoint.");

    // Checked again at launch: the folder may have been unregistered, moved or relinked while the run was queued.
    private async Task<string> ModelFolderAsync(string path, string field, CancellationToken ct)
    {
        var (folder, error) = await modelFolders.ResolveAsync(path, field, ct);
        return folder?.Path ?? throw new InvalidOperationException(error!.ToString());
    }
}
