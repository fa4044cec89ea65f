using Workbench.Experiments;
using Workbench.ModelFolders;
using Workbench.RunProtocol.Launch;
using Workbench.Training.Checkpoints;
using Workbench.Training.Trainer;
using Workbench.Worker.Reporting;

namespace Workbench.Worker;

/// <summary>
/// Runs one launch document: reads the run's token, opens the report transport, checks the model folders again, trains,
/// and waits until every report is delivered (or spooled in the run folder when the receiver stays away).
/// </summary>
public static class LaunchRunner
{
    public static async Task<int> RunAsync(LaunchDocument launch, ReportTarget target, ProgressBar? progress, CancellationToken ct)
    {
        if (MissingStartingStudent(launch) is { } missing)
        {
            await Console.Error.WriteLineAsync(missing);
            return 2;
        }
        Directory.CreateDirectory(launch.OutputDirectory);
        var (transport, runId, firstSequence) = await OpenTransportAsync(launch, target, ct);
        // A spool left in the folder goes first; this worker's own reports are numbered after it, so none shares a number
        // with a spooled one (the receiver would take the second as a redelivery and skip it).
        var spool = new ReportSpool(launch.OutputDirectory);
        var queue = new ReportQueue(runId, Math.Max(firstSequence, spool.LastSequence() + 1), progress is null ? null : progress.Report);
        await using var pump = new ReportPump(queue, transport, spool, Console.Error);

        int exit;
        if (CheckModelFolders(launch) is { } refused)
        {
            queue.Finished(RunStatus.Failed, refused);
            exit = 1;
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

    private static async Task<(IReportTransport Transport, int RunId, long FirstSequence)> OpenTransportAsync(LaunchDocument launch, ReportTarget target,
                                                                                                              CancellationToken ct)
    {
        if (target.HostUrl is { } host)
            return (new HubReportTransport(HostsOf(host, launch), launch.RunId, await ReadTokenAsync(launch.Credentials, ct), Console.Error), launch.RunId, launch.FirstSequence);
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

    private static async Task<string> ReadTokenAsync(WorkerCredentialsReference credentials, CancellationToken ct) => credentials.Source switch
    {
        WorkerCredentialsReference.StdinSource => (await Console.In.ReadLineAsync(ct))?.Trim() ?? "",
        WorkerCredentialsReference.FileSource => (await File.ReadAllTextAsync(credentials.Path!, ct)).Trim(),
        _ => "",
    };

    // A student named by run or checkpoint that arrives without its file would silently train from a fresh initialisation.
    internal static string? MissingStartingStudent(LaunchDocument launch)
    {
        var student = launch.Config.Student;
        return launch.References.StudentInit is null && launch.References.Resume is null && (student.Run is not null || student.Checkpoint is not null)
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
