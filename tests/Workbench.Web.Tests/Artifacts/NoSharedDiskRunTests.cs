using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Experiments;
using Workbench.Experiments.Datasets;
using Workbench.RunProtocol.Launch;
using Workbench.Web.Artifacts;
using Workbench.Web.Hosting;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Artifacts;

/// <summary>
/// Real runs on a host configured for workers without its disk (<c>Executor:SharedPaths = false</c>): the worker runs in a
/// folder of its own, gets <c>--host URL --run-id N</c> and its token, fetches its launch document, teacher and dataset over
/// HTTP and uploads its checkpoints, which the host registers and hands to the next run as a teacher.
/// </summary>
public sealed class NoSharedDiskRunTests(NoSharedDiskRunTests.Server server) : IClassFixture<NoSharedDiskRunTests.Server>
{
    public sealed class Server : IAsyncDisposable
    {
        public string WorkerDirectory { get; } = Directory.CreateTempSubdirectory("wb-remote-worker-").FullName;

        public WorkbenchServer Host { get; }

        public Server() => Host = WorkbenchServer.WithSettings(new Dictionary<string, string>
        {
            ["Workbench:Executor:SharedPaths"] = "false",
            ["Workbench:Executor:WorkerDirectory"] = WorkerDirectory,
        });

        public async ValueTask DisposeAsync()
        {
            await Host.DisposeAsync();
            try { Directory.Delete(WorkerDirectory, recursive: true); } catch (IOException) { }
        }
    }

    private WorkbenchServer Host => server.Host;

    // Generous, as in RunResumeTests: the machine is shared (a 600-step resume took 47 s at load 35, over 50 s at load 50).
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Runs_FetchTeacherAndDataset_AndUploadCheckpoints_WithNoHostPathInTheirLaunch()
    {
        using var http = Host.CreateHttpClient();
        var dataset = await ImportAsync(http, "remote-pens");
        var teacher = await http.SubmitAsync(TinyConfigs.Teacher("remote-teacher", 20) with { Dataset = dataset, CheckpointEvery = 10, EvalEvery = 1000 });
        var teacherRun = await Host.WaitForTerminalAsync(teacher, s_runTimeout);
        Assert.True(teacherRun.Status == RunStatus.Completed, teacherRun.Error);

        // The checkpoints the worker saved in its own folder are on the host, in the run's folder, registered with the host's paths.
        var hostRunDirectory = Host.Services.GetRequiredService<DataPaths>().RunDirectory(teacher);
        Assert.Equal([10L, 20L], teacherRun.Checkpoints.Select(c => c.Step).Order());
        foreach (var checkpoint in teacherRun.Checkpoints)
        {
            Assert.StartsWith(hostRunDirectory + Path.DirectorySeparatorChar, checkpoint.Path);
            Assert.True(File.Exists(checkpoint.Path), checkpoint.Path);
        }
        Assert.True(ResumableCheckpoint.IsResumable(Path.Combine(hostRunDirectory, "step-10")), "step-10 arrived whole (model, optimizer, state)");
        var workerRunDirectory = Path.Combine(server.WorkerDirectory, "runs", teacher.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(File.ReadAllBytes(Path.Combine(workerRunDirectory, "model.safetensors")), File.ReadAllBytes(Path.Combine(hostRunDirectory, "model.safetensors")));

        // The next run's teacher is that run, fetched from the host into the worker's cache by its hash.
        var student = await http.SubmitAsync(TinyConfigs.Distill("remote-teacher", 10) with { Name = "remote-student", Dataset = dataset, EvalEvery = 1000 });
        var studentRun = await Host.WaitForTerminalAsync(student, s_runTimeout);
        Assert.True(studentRun.Status == RunStatus.Completed, studentRun.Error);
        Assert.Contains(studentRun.Checkpoints, c => c.Step == 10 && File.Exists(c.Path));

        var launchJson = await File.ReadAllTextAsync(Path.Combine(Host.Services.GetRequiredService<DataPaths>().RunDirectory(student), LaunchDocument.FileName));
        Assert.DoesNotContain(Host.DataDirectory, launchJson);
        var launch = LaunchDocumentJson.Deserialize(launchJson);
        Assert.Null(launch.References.Teacher);
        Assert.False(Path.IsPathRooted(launch.OutputDirectory));
        var teacherFile = Assert.Single(launch.Artifacts!.Teacher!.Files, f => f.Name == "model.safetensors");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(hostRunDirectory, "model.safetensors")))), teacherFile.Sha256);
        Assert.NotEmpty(launch.Artifacts.Dataset!.Files);
        Assert.True(File.Exists(Path.Combine(server.WorkerDirectory, "artifacts", teacherFile.Sha256, "model.safetensors")), "the teacher is in the worker's cache");
    }

    [Fact]
    public async Task CorruptDownload_FailsTheRun_NamingTheInputAndItsHash()
    {
        using var http = Host.CreateHttpClient();
        var dataset = await ImportAsync(http, "remote-corrupt");
        var teacher = await http.SubmitAsync(TinyConfigs.Teacher("corrupt-teacher", 10) with { Dataset = dataset, EvalEvery = 1000 });
        var teacherRun = await Host.WaitForTerminalAsync(teacher, s_runTimeout);
        Assert.True(teacherRun.Status == RunStatus.Completed, teacherRun.Error);

        // The host knows the file's hash; then its weights rot on disk without a change of length or time (the header stays
        // readable), so the host serves bytes that are not the ones it named.
        var file = Path.Combine(Host.Services.GetRequiredService<DataPaths>().RunDirectory(teacher), "model.safetensors");
        var sha = await Host.Services.GetRequiredService<ArtifactHasher>().HashAsync(file);
        var written = File.GetLastWriteTimeUtc(file);
        var bytes = await File.ReadAllBytesAsync(file);
        bytes[^1] ^= 0xFF;
        await File.WriteAllBytesAsync(file, bytes);
        File.SetLastWriteTimeUtc(file, written);

        var student = await http.SubmitAsync(TinyConfigs.Distill("corrupt-teacher", 10) with { Name = "corrupt-student", Dataset = dataset });
        var studentRun = await Host.WaitForTerminalAsync(student, s_runTimeout);
        Assert.Equal(RunStatus.Failed, studentRun.Status);
        Assert.Contains("teacher", studentRun.Error);
        Assert.Contains(sha, studentRun.Error);
    }

    [Fact]
    public async Task Resume_FetchesTheUploadedStepFolder_AndContinuesWithContiguousSteps()
    {
        using var http = Host.CreateHttpClient();
        var run = await http.SubmitAsync(TinyConfigs.Teacher("remote-resume", steps: 600) with { CheckpointEvery = 20, EvalEvery = 300 });
        var deadline = DateTime.UtcNow + s_runTimeout;
        // A checkpoint is registered only once its folder is on the host.
        while ((await Host.Store.GetAsync(run))!.Checkpoints.Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "no checkpoint uploaded");
            await Task.Delay(50);
        }
        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync($"/api/runs/{run}/cancel", null)).StatusCode);
        var cancelled = await Host.WaitForTerminalAsync(run, s_runTimeout);
        Assert.Equal(RunStatus.Cancelled, cancelled.Status);
        Assert.True(cancelled.Step < 600, "the run finished before it could be cancelled");

        Assert.Equal(HttpStatusCode.Accepted, (await http.PostAsync($"/api/runs/{run}/resume", null)).StatusCode);
        var finished = await Host.WaitForTerminalAsync(run, s_runTimeout);
        Assert.True(finished.Status == RunStatus.Completed, $"{finished.Status}: {finished.Error}");
        var launch = LaunchDocumentJson.Deserialize(await File.ReadAllTextAsync(Path.Combine(Host.Services.GetRequiredService<DataPaths>().RunDirectory(run), LaunchDocument.FileName)));
        Assert.Contains(launch.Artifacts!.Resume!.Files, f => f.Name == ResumableCheckpoint.StateFileName);
        var losses = (await Host.Store.GetMetricsAsync(run)).Where(p => p.Name == MetricNames.TrainLoss).Select(p => p.Step).ToList();
        Assert.Equal(Enumerable.Range(1, 600).Select(s => (long)s), losses);
    }

    // A small imported dataset: 32 train and 8 eval problems.
    private static async Task<string> ImportAsync(HttpClient http, string name)
    {
        var lines = new StringBuilder();
        for (var i = 0; i < 40; i++)
            lines.AppendLine($$"""{"prompt":"Ann has {{2 + i % 7}} pens. How many pens does Ann have?","completion":"{{2 + i % 7}}","split":"{{(i < 32 ? "train" : "eval")}}"}""");
        var form = new MultipartFormDataContent
        {
            { new StringContent(name), "name" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(lines.ToString())), "file", name + ".jsonl" },
        };
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsync("/api/datasets", form)).StatusCode);
        return DatasetRefs.Imported(name);
    }
}
