using System.CommandLine;
using Workbench.Experiments;
using Workbench.ModelFolders;
using Workbench.RunProtocol.Launch;
using Workbench.Training.Checkpoints;
using Workbench.Training.Trainer;
using Workbench.Worker.Reporting;

namespace Workbench.Worker;

/// <summary>
/// <c>Workbench.Worker --launch launch.json --host URL</c>: what the web host (or another scheduler) runs. The launch
/// document (<see cref="LaunchDocument"/>) is the worker's only input besides the host's address; the run's token comes
/// from where the document says (the first line on stdin for a local worker). A line "cancel" on stdin, or stdin
/// closing, stops a run whose token came on stdin.
/// <para>Without the host's disk: <c>--host URL --run-id N [--artifact-cache dir]</c> reads the token from stdin, fetches the
/// launch document and the inputs it names from the host (<see cref="Artifacts.LaunchDocumentClient"/>), trains in
/// <c>runs/N</c> under the working folder and uploads the checkpoints.</para>
/// <para>Headless: <c>--config run.json --output dir [--db results.sqlite] [--run-id N] [--teacher file] [--oracle file] [--student-init file]
/// [--dataset-file file] [--eval-dataset-file imported:name=file] [--resume step-folder] [--keep-checkpoints K] [--threads N]
/// [--model-root dir ...]</c> writes the same launch document into dir and runs it: into that SQLite file (the workbench's
/// schema), or as JSON lines on stdout; with a progress bar on stderr; Ctrl+C stops it. <c>--launch</c> without <c>--host</c>
/// runs a launch document headless.</para>
/// <c>Workbench.Worker demo-models --output dir</c> makes the demo model folders instead (<see cref="DemoModelsCommand"/>).
/// </summary>
public static class WorkerCommand
{
    public static RootCommand Build(TextWriter? stdout = null, ProgressBar? progress = null)
    {
        var launch = new Option<FileInfo?>("--launch") { Description = "Launch document (JSON) written by the host: config, resolved references, output, credentials." };
        var host = new Option<string?>("--host") { Description = "The web host's base URL to report to; omit for a headless run." };
        var config = new Option<FileInfo?>("--config") { Description = "Headless: run config JSON file." };
        var output = new Option<DirectoryInfo?>("--output") { Description = "Headless: folder for checkpoints." };
        var runId = new Option<int?>("--run-id") { Description = "With --host and no --launch: the run whose launch document to fetch from the host. Headless with --db: the run's row to continue." };
        var artifactCache = new Option<DirectoryInfo?>("--artifact-cache") { Description = "Folder of inputs fetched from the host, by SHA-256 (default: artifacts in the working folder)." };
        var db = new Option<FileInfo?>("--db") { Description = "Headless: write the run, metrics and checkpoints into this SQLite file." };
        var teacher = new Option<FileInfo?>("--teacher") { Description = "Teacher: a checkpoint (.safetensors) or a Hugging Face folder; default the config's teacher.path." };
        var oracle = new Option<FileInfo?>("--oracle") { Description = "Oracle of the golden metrics: a checkpoint (.safetensors) or a Hugging Face folder; default the config's oracle.path." };
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

        var command = new RootCommand("Runs one Workbench training run.")
        {
            launch, host, config, output, runId, db, teacher, oracle, studentInit, datasetFile, evalDatasetFiles, resume, keep, threads, modelRoots, storeBudget,
            artifactCache,
        };
        command.Subcommands.Add(DemoModelsCommand.Build(stdout));
        command.Validators.Add(r =>
        {
            var fetchesLaunch = r.GetValue(launch) is null && r.GetValue(host) is not null && r.GetValue(runId) is not null && r.GetValue(config) is null;
            if (r.GetValue(launch) is null && !fetchesLaunch && (r.GetValue(config) is null || r.GetValue(output) is null))
                r.AddError("Pass --launch launch.json, --host URL --run-id N to fetch it from the host, or --config run.json and --output dir for a headless run.");
            if (r.GetValue(launch) is not null && r.GetValue(config) is not null) r.AddError("Use either --launch or --config, not both.");
            if (r.GetValue(host) is not null && r.GetValue(db) is not null) r.AddError("Use either --host or --db, not both.");
            if (r.GetValue(host) is not null && r.GetValue(launch) is null && !fetchesLaunch) r.AddError("--host needs --launch, or --run-id to fetch the launch document.");
            if ((r.GetValue(evalDatasetFiles) ?? []).Any(f => !f.Contains('='))) r.AddError("--eval-dataset-file takes imported:<name>=<file>.");
            if (r.GetValue(host) is { } url && !Uri.TryCreate(url, UriKind.Absolute, out _)) r.AddError("--host takes an absolute URL (http://host:port/).");
        });
        command.SetAction(async (parse, ct) =>
        {
            LaunchDocument document;
            string? token = null;
            if (parse.GetValue(launch) is { } launchFile) document = await LaunchDocumentJson.ReadAsync(launchFile.FullName, ct);
            else if (parse.GetValue(host) is { } remoteHost && parse.GetValue(runId) is { } remoteRun)
            {
                // No shared disk: the token (first stdin line, as for any supervised worker) opens the run's launch document.
                token = await LaunchRunner.ReadTokenAsync(WorkerCredentialsReference.Stdin, ct);
                try { document = await Artifacts.LaunchDocumentClient.FetchAsync(new Uri(remoteHost, UriKind.Absolute), remoteRun, token, ct); }
                catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or System.Text.Json.JsonException)
                {
                    await Console.Error.WriteLineAsync(ex.Message);
                    return 2;
                }
            }
            else
            {
                // Headless: the command line becomes the launch document, written beside the checkpoints as a record of the run.
                var runConfig = RunConfigJson.Deserialize(await File.ReadAllTextAsync(parse.GetValue(config)!.FullName, ct));
                var references = new LaunchReferences(parse.GetValue(teacher)?.FullName, parse.GetValue(studentInit)?.FullName,
                    parse.GetValue(datasetFile)?.FullName,
                    (parse.GetValue(evalDatasetFiles) ?? []).Select(f => f.Split('=', 2)).DistinctBy(p => p[0]).ToDictionary(p => p[0], p => Path.GetFullPath(p[1])),
                    parse.GetValue(resume)?.FullName, parse.GetValue(oracle)?.FullName);
                document = new LaunchDocument(parse.GetValue(runId) ?? 0, runConfig, references, parse.GetValue(output)!.FullName,
                    WorkerCredentialsReference.None, Threads: parse.GetValue(threads), KeepCheckpoints: parse.GetValue(keep),
                    ModelRoots: parse.GetValue(modelRoots), TeacherStoreBudgetMb: parse.GetValue(storeBudget));
                if (LaunchRunner.MissingStartingStudent(document) is { } missing)
                {
                    await Console.Error.WriteLineAsync(missing);   // before anything is written: nothing to clean up
                    return 2;
                }
                Directory.CreateDirectory(document.OutputDirectory);
                await LaunchDocumentJson.WriteAsync(Path.Combine(document.OutputDirectory, LaunchDocument.FileName), document, ct);
            }
            var target = parse.GetValue(host) is { } hostUrl ? ReportTarget.Host(new Uri(hostUrl, UriKind.Absolute))
                : parse.GetValue(db) is { } file ? ReportTarget.Database(file.FullName)
                : ReportTarget.Stdout(stdout ?? Console.Out);
            return await LaunchRunner.RunAsync(document, target, target.IsHost ? null : progress ?? ProgressBar.ForStandardError(), ct,
                token, parse.GetValue(artifactCache)?.FullName);
        });
        return command;
    }
}
