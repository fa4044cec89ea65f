using System.CommandLine;
using Workbench.Experiments;
using Workbench.Training.Trainer;

namespace Workbench.Worker;

/// <summary>
/// <c>Workbench.Worker --config run.json --output dir [--run-id N --hub URL] [--teacher file] [--student-init file] [--threads N]</c>.
/// With a hub it reports there (token from WORKBENCH_WORKER_TOKEN); without one it prints JSON lines on stdout.
/// A line "cancel" on stdin, or stdin closing, stops the run cleanly.
/// </summary>
public static class WorkerCommand
{
    public static RootCommand Build()
    {
        var config = new Option<FileInfo>("--config") { Description = "Run config JSON file.", Required = true };
        var output = new Option<DirectoryInfo>("--output") { Description = "Folder for checkpoints.", Required = true };
        var runId = new Option<int>("--run-id") { Description = "Run id in the web host's database." };
        var hub = new Option<string?>("--hub") { Description = "The web host's run hub URL; omit for JSON lines on stdout." };
        var teacher = new Option<FileInfo?>("--teacher") { Description = "Teacher checkpoint (.safetensors)." };
        var studentInit = new Option<FileInfo?>("--student-init") { Description = "Checkpoint the student starts from (.safetensors)." };
        var threads = new Option<int>("--threads") { Description = "libtorch threads (0 = cores minus one)." };

        var command = new RootCommand("Runs one Workbench training run.") { config, output, runId, hub, teacher, studentInit, threads };
        command.SetAction(async (parse, ct) =>
        {
            var runConfig = RunConfigJson.Deserialize(await File.ReadAllTextAsync(parse.GetValue(config)!.FullName, ct));
            var options = new TrainingOptions(parse.GetValue(output)!.FullName, parse.GetValue(teacher)?.FullName, parse.GetValue(threads),
                                          parse.GetValue(studentInit)?.FullName);
            var hubUrl = parse.GetValue(hub);
            await using ITrainingSink sink = hubUrl is null
                ? new JsonLinesSink(Console.Out)
                : await HubSink.ConnectAsync(new Uri(hubUrl), parse.GetValue(runId), Environment.GetEnvironmentVariable("WORKBENCH_WORKER_TOKEN") ?? "", ct);
            return await RunLoop.RunAsync(runConfig, options, sink, supervised: hubUrl is not null);
        });
        return command;
    }
}
