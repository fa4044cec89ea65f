using Workbench.Experiments;
using Workbench.ModelFolders;
using Workbench.RunProtocol.Launch;
using Workbench.Training.Checkpoints;
using Workbench.Training.Trainer;
using Workbench.Worker.Artifacts;
using Workbench.Worker.Reporting;

namespace Workbench.Worker;

/// <summary>
/// Runs one launch document: reads the run's token, opens the report transport, checks the model folders again (or, for a
/// worker without the host's disk, fetches its inputs into its cache), trains, and waits until every report is delivered
/// (or spooled in the run folder when the receiver stays away) and, without the host's disk, every checkpoint uploaded.
/// </summary>
public static class LaunchRunner
{
    /// <param name="token">The run's token when the caller read it already (to fetch the launch document); else read as the document says.</param>
    /// <param name="artifactCache">Where fetched inputs are kept by SHA-256; default <c>artifacts</c> in the working folder.</param>
    public static async Task<int> RunAsync(LaunchDocument launch, ReportTarget target, ProgressBar? progress, CancellationToken ct,
                                           string? token = null, string? artifactCache = null)
    {
        if (MissingStartingStudent(launch) is { } missing)
        {
            await Console.Error.WriteLineAsync(missing);
            return 2;
        }
        if (launch.Artifacts is not null && target.HostUrl is null)
        {
            await Console.Error.WriteLineAsync("This launch document's inputs are on its host: run it with --host.");
            return 2;
        }
        // Relative for a worker without the host's disk: inside its working folder.
        launch = launch with { OutputDirectory = Path.GetFullPath(launch.OutputDirectory) };
        Directory.CreateDirectory(launch.OutputDirectory);
        if (target.IsHost) token ??= await ReadTokenAsync(launch.Credentials, ct);
        var (transport, runId, firstSequence) = await OpenTransportAsync(launch, target, token ?? "", ct);
        // A spool left in the folder goes first; this worker's own reports are numbered after it, so none shares a number
        // with a spooled one (the receiver would take the second as a redelivery and skip it).
        var spool = new ReportSpool(launch.OutputDirectory);
        var queue = new ReportQueue(runId, Math.Max(firstSequence, spool.LastSequence() + 1), progress is null ? null : progress.Report);
        await using var pump = new ReportPump(queue, transport, spool, Console.Error);

        int exit;
        using var http = target.HostUrl is { } host ? new HttpClient { BaseAddress = host, Timeout = Timeout.InfiniteTimeSpan } : null;
        var (fetched, fetchFailure) = launch.Artifacts is { } artifacts
            ? await FetchInputsAsync(artifacts, new ArtifactFetcher(http!, runId, token!, artifactCache ?? Path.GetFullPath("artifacts")), ct)
            : (launch.References, null);
        if ((fetchFailure ?? CheckModelFolders(launch)) is { } refused)
        {
            queue.Finished(RunStatus.Failed, refused);
            exit = 1;
        }
        else if (launch.Artifacts is not null)
        {
            launch = launch with { References = fetched! };
            var uploads = new CheckpointUploadingReporter(queue, new ArtifactUploader(http!, runId, token!), launch.OutputDirectory, Console.Error);
            exit = await RunLoop.RunAsync(launch.Config, TrainingOptionsOf(launch), queue,
                supervised: launch.Credentials.Source == WorkerCredentialsReference.StdinSource, uploads, uploads.SettleAsync);
        }
        else
        {
            exit = await RunLoop.RunAsync(launch.Config, TrainingOptionsOf(launch), queue,
                supervised: launch.Credentials.Source == WorkerCredentialsReference.StdinSource);
        }
        progress?.Finish();
        await pump.CompleteAsync(TimeSpan.FromSeconds(launch.ReportGraceSeconds));
        return exit;
    }

    // A Hugging Face folder named in the config is used as it is; checkpoints by run name were resolved by the host.
    private static TrainingOptions TrainingOptionsOf(LaunchDocument launch) =>
        new(launch.OutputDirectory, launch.References.Teacher ?? launch.Config.Teacher?.Path, launch.Threads,
            launch.References.StudentInit ?? launch.Config.Student.Path, launch.References.Resume)
        {
            KeepCheckpoints = launch.KeepCheckpoints,
            TeacherStoreBudgetMb = launch.TeacherStoreBudgetMb,
            OracleCheckpointPath = launch.References.Oracle ?? launch.Config.Oracle?.Path,
            DatasetPath = launch.References.Dataset,
            EvalDatasetPaths = launch.References.EvalDatasets,
        };

    // The inputs in the worker's cache; or why not, as the run's failure (a corrupt download names its input and hash).
    private static async Task<(LaunchReferences? References, string? Failure)> FetchInputsAsync(LaunchArtifacts artifacts, ArtifactFetcher fetcher, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var references = await LaunchInputFetcher.FetchAsync(artifacts, fetcher, ct);
            await Console.Error.WriteLineAsync($"Inputs ready: {fetcher.BytesReceived} bytes fetched from the host in {started.Elapsed.TotalSeconds:F1} s.");
            return (references, null);
        }
        catch (InvalidDataException ex)
        {
            return (null, $"Could not fetch the run's inputs from the host: {ex.Message}");
        }
    }

    private static async Task<(IReportTransport Transport, int RunId, long FirstSequence)> OpenTransportAsync(LaunchDocument launch, ReportTarget target,
                                                                                                              string token, CancellationToken ct)
    {
        if (target.HostUrl is { } host)
            return (new HubReportTransport(HostsOf(host, launch), launch.RunId, token, Console.Error), launch.RunId, launch.FirstSequence);
        if (target.DatabasePath is { } path)
        {
            var database = await DatabaseReportTransport.OpenAsync(path, launch.Config, launch.RunId == 0 ? null : launch.RunId, ct);
            await Console.Error.WriteLineAsync($"Run {database.RunId} in {path}");
            return (database, database.RunId, database.FirstSequence);
        }
        return (new JsonLinesReportTransport(target.Lines!), launch.RunId, launch.FirstSequence);
    }

    // The host it was told to report to first, then the other hosts of the launch document, each once.
    internal static IReadOnlyList<Uri> HostsOf(Uri host, LaunchDocument launch) =>
        [.. new[] { host }.Concat((launch.HostUrls ?? []).Select(url => new Uri(url, UriKind.Absolute))).DistinctBy(url => url.AbsoluteUri.TrimEnd('/'))];

    public static async Task<string> ReadTokenAsync(WorkerCredentialsReference credentials, CancellationToken ct) => credentials.Source switch
    {
        WorkerCredentialsReference.StdinSource => (await Console.In.ReadLineAsync(ct))?.Trim() ?? "",
        WorkerCredentialsReference.FileSource => (await File.ReadAllTextAsync(credentials.Path!, ct)).Trim(),
        _ => "",
    };

    // A student named by run or checkpoint that arrives without its file would silently train from a fresh initialisation.
    internal static string? MissingStartingStudent(LaunchDocument launch)
    {
        var student = launch.Config.Student;
        return launch.References.StudentInit is null && launch.References.Resume is null
               && launch.Artifacts?.StudentInit is null && launch.Artifacts?.Resume is null
               && (student.Run is not null || student.Checkpoint is not null)
            ? $"student.{(student.Run is not null ? "run" : "checkpoint")}: pass the starting student's checkpoint with --student-init (the web host resolves it)."
            : null;
    }

    // The host checked the folders at launch; a file relinked since then is caught here, before the trainer opens it.
    private static string? CheckModelFolders(LaunchDocument launch)
    {
        if (launch.ModelRoots is not { Count: > 0 } roots) return null;
        var canonical = roots.Select(CanonicalPath.Resolve).ToList();
        foreach (var (field, folder) in new[] { ("teacher.path", launch.Config.Teacher?.Path), ("student.path", launch.Config.Student.Path), ("oracle.path", launch.Config.Oracle?.Path) })
        {
            if (folder is null) continue;
            try
            {
                var resolved = CanonicalPath.Resolve(folder);
                if (!canonical.Any(root => CanonicalPath.IsUnder(resolved, root))) return $"{field}: the folder is outside the model roots.";
                SafeFolderFile.CheckFolder(resolved, canonical);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                return $"{field}: {ex.Message}";
            }
        }
        return null;
    }
}
