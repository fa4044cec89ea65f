using System.CommandLine;
using Workbench.Experiments;
using Workbench.Training.Checkpoints;
using Workbench.Training.Trainer;

namespace Workbench.Worker;

/// <summary>
/// <c>Workbench.Worker --config run.json --output dir [--run-id N --hub URL | --db results.sqlite] [--teacher file]
/// [--student-init file] [--dataset-file file] [--eval-dataset-file imported:name=file] [--resume step-folder] [--keep-checkpoints K] [--threads N] [--model-root dir ...]</c>.
/// With a hub it reports there, with the run's token read from the first line on stdin; with <c>--db</c> it writes the run into that SQLite
/// file (the workbench's schema); with neither it prints JSON lines on stdout. Headless runs draw a progress bar on stderr.
/// A line "cancel" on stdin, or stdin closing, stops a hub run cleanly; Ctrl+C stops a headless one.
/// <c>Workbench.Worker demo-models --output dir</c> makes the demo model folders instead (<see cref="DemoModelsCommand"/>).
/// </summary>
public static class WorkerCommand
{
    public static RootCommand Build(TextWriter? stdout = null, ProgressBar? progress = null)
    {
        var config = new Option<FileInfo>("--config") { Description = "Run config JSON file.", Required = true };
        var output = new Option<DirectoryInfo>("--output") { Description = "Folder for checkpoints.", Required = true };
        var runId = new Option<int?>("--run-id") { Description = "Run id in the web host's database (or in --db, to continue that row)." };
        var hub = new Option<string?>("--hub") { Description = "The web host's run hub URL; omit for a headless run." };
        var db = new Option<FileInfo?>("--db") { Description = "Headless: write the run, metrics and checkpoints into this SQLite file." };
        var teacher = new Option<FileInfo?>("--teacher") { Description = "Teacher: a checkpoint (.safetensors) or a Hugging Face folder; default the config's teacher.path." };
        var studentInit = new Option<FileInfo?>("--student-init") { Description = "What the student starts from: a checkpoint (.safetensors) or a Hugging Face folder; default the config's student.path." };
        var datasetFile = new Option<FileInfo?>("--dataset-file") { Description = "JSONL file of an imported dataset (config dataset imported:<name>)." };
        var evalDatasetFiles = new Option<string[]>("--eval-dataset-file")
        {
            Description = "imported:<name>=<file>: the JSONL file of an imported dataset an evaluation set names (repeatable).",
        };
        var resume = new Option<DirectoryInfo?>("--resume") { Description = "Resumable checkpoint folder (step-N) to continue from at step N + 1." };
        var keep = new Option<int>("--keep-checkpoints")
        {
            Description = "Intermediate checkpoints kept besides the final one.", DefaultValueFactory = _ => TrainingOptions.DefaultKeepCheckpoints,
        };
        var storeBudget = new Option<long?>("--teacher-store-budget-mb")
        {
            Description = "MB the teacher-logit store files may take in the cache folder; past it the least recently used are evicted.",
        };
        var threads = new Option<int>("--threads") { Description = "libtorch threads (0 = cores minus one)." };
        var modelRoots = new Option<string[]>("--model-root")
        {
            Description = "A folder the config's model folders (teacher.path, student.path) must lie in, every file resolved; repeat for more.",
        };

        var command = new RootCommand("Runs one Workbench training run.") { config, output, runId, hub, db, teacher, studentInit, datasetFile, evalDatasetFiles, resume, keep, threads, modelRoots, storeBudget };
        command.Subcommands.Add(DemoModelsCommand.Build(stdout));
        command.Validators.Add(r =>
        {
            if (r.GetValue(hub) is not null && r.GetValue(db) is not null) r.AddError("Use either --hub or --db, not both.");
            if ((r.GetValue(evalDatasetFiles) ?? []).Any(f => !f.Contains('='))) r.AddError("--eval-dataset-file takes imported:<name>=<file>.");
        });
        command.SetAction(async (parse, ct) =>
        {
            var runConfig = RunConfigJson.Deserialize(await File.ReadAllTextAsync(parse.GetValue(config)!.FullName, ct));
            if (MissingStartingStudent(runConfig, parse.GetValue(studentInit), parse.GetValue(resume)) is { } missing)
            {
                await Console.Error.WriteLineAsync(missing);
                return 2;
            }
            // A Hugging Face folder named in the config is used as it is; checkpoints by run name need the host to resolve them.
            var options = new TrainingOptions(parse.GetValue(output)!.FullName, parse.GetValue(teacher)?.FullName ?? runConfig.Teacher?.Path,
                                              parse.GetValue(threads), parse.GetValue(studentInit)?.FullName ?? runConfig.Student.Path,
                                              parse.GetValue(resume)?.FullName)
            {
                KeepCheckpoints = parse.GetValue(keep),
                TeacherStoreBudgetMb = parse.GetValue(storeBudget),
                DatasetPath = parse.GetValue(datasetFile)?.FullName,
                EvalDatasetPaths = (parse.GetValue(evalDatasetFiles) ?? []).Select(f => f.Split('=', 2)).DistinctBy(p => p[0])
                    .ToDictionary(p => p[0], p => Path.GetFullPath(p[1])),
            };
            var hubUrl = parse.GetValue(hub);
            await using var sink = await OpenSinkAsync(hubUrl, parse.GetValue(db)?.FullName, runConfig, parse.GetValue(runId), stdout ?? Console.Out,
                                                       progress ?? ProgressBar.ForStandardError(), ct);
            if (CheckModelFolders(runConfig, parse.GetValue(modelRoots)) is { } refused)
            {
                await sink.FailedAsync(refused);
                return 1;
            }
            return await RunLoop.RunAsync(runConfig, options, sink, supervised: hubUrl is not null);
        });
        return command;
    }

    // A student named by run or checkpoint that arrives without its file would silently train from a fresh initialisation.
    private static string? MissingStartingStudent(RunConfig config, FileInfo? studentInit, DirectoryInfo? resume) =>
        studentInit is null && resume is null && (config.Student.Run is not null || config.Student.Checkpoint is not null)
            ? $"student.{(config.Student.Run is not null ? "run" : "checkpoint")}: pass the starting student's checkpoint with --student-init (the web host resolves it)."
            : null;

    // The host checked the folders at launch; a file relinked since then is caught here, before the trainer opens it.
    private static string? CheckModelFolders(RunConfig config, string[]? roots)
    {
        if (roots is not { Length: > 0 }) return null;
        var canonical = roots.Select(CanonicalPath.Resolve).ToList();
        foreach (var (field, folder) in new[] { ("teacher.path", config.Teacher?.Path), ("student.path", config.Student.Path) })
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

    private static async Task<ITrainingSink> OpenSinkAsync(string? hubUrl, string? databasePath, RunConfig config, int? runId, TextWriter stdout,
                                                          ProgressBar progress, CancellationToken ct)
    {
        if (hubUrl is not null)
            return await HubSink.ConnectAsync(new Uri(hubUrl), runId ?? 0, (await Console.In.ReadLineAsync(ct))?.Trim() ?? "", ct);
        if (databasePath is null) return new ProgressSink(new JsonLinesSink(stdout), progress);
        var sink = await DbSink.OpenAsync(databasePath, config, runId, ct);
        await Console.Error.WriteLineAsync($"Run {sink.RunId} in {databasePath}");
        return new ProgressSink(sink, progress);
    }
}
