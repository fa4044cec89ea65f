using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Workbench.Experiments;
using Workbench.Storage;

namespace Workbench.Worker.Tests;

/// <summary>Headless runs of the real worker command: tiny configs, one libtorch thread.</summary>
public sealed class WorkerCommandTests : IDisposable
{
    private static readonly RunConfig s_tiny = new()
    {
        Name = "headless",
        Student = new ModelRef { Layers = 1, Heads = 2, Width = 32, Context = 64 },
        Steps = 6,
        BatchSize = 8,
        EvalEvery = 3,
        CheckpointEvery = 2,
    };

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("wb-worker-tests-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Path(string name) => System.IO.Path.Combine(_dir.FullName, name);

    private async Task<(int ExitCode, string Stdout, string Progress)> RunAsync(RunConfig config, params string[] extra)
    {
        await File.WriteAllTextAsync(Path("run.json"), RunConfigJson.Serialize(config));
        var stdout = new StringWriter();
        var progress = new StringWriter();
        string[] args = ["--config", Path("run.json"), "--output", Path("out"), "--threads", "1", .. extra];
        var exit = await WorkerCommand.Build(stdout, new ProgressBar(progress, interactive: false, new FakeTimeProvider())).Parse(args).InvokeAsync();
        return (exit, stdout.ToString(), progress.ToString());
    }

    [Fact]
    public async Task Run_StudentNamedByRunWithoutItsFile_RefusesInsteadOfTrainingAFreshStudent()
    {
        var (exit, stdout, _) = await RunAsync(s_tiny with { Student = new ModelRef { Run = 12 } });

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.False(Directory.Exists(Path("out")) && Directory.EnumerateFiles(Path("out"), "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task Run_StudentFolderWeightsRelinkedOutsideTheModelRoots_FailsBeforeOpeningThem()
    {
        var roots = Directory.CreateDirectory(Path("models")).FullName;
        var folder = Directory.CreateDirectory(System.IO.Path.Combine(roots, "student")).FullName;
        File.WriteAllText(System.IO.Path.Combine(folder, "config.json"), "{}");
        Directory.CreateDirectory(Path("outside"));
        File.WriteAllText(Path("outside/weights.safetensors"), "not yours");
        File.CreateSymbolicLink(System.IO.Path.Combine(folder, "model.safetensors"), Path("outside/weights.safetensors"));

        var (exit, stdout, _) = await RunAsync(s_tiny with { Student = new ModelRef { Path = folder } }, "--model-root", roots);

        Assert.Equal(1, exit);
        Assert.Contains("failed", stdout);
        Assert.Contains("student.path: model.safetensors links to a file outside the model roots", stdout);
        Assert.DoesNotContain("not yours", stdout);
    }

    [Fact]
    public async Task Run_WithDb_WritesRunMetricsAndCheckpointsIntoTheFile_AndPrintsProgress()
    {
        var (exit, stdout, progress) = await RunAsync(s_tiny, "--db", Path("results.sqlite"));

        Assert.Equal(0, exit);
        Assert.Empty(stdout);
        Assert.Contains("step 6/6 100%", progress);
        var factory = new PooledDbContextFactory<WorkbenchDbContext>(
            new DbContextOptionsBuilder<WorkbenchDbContext>().UseSqlite($"Data Source={Path("results.sqlite")}").Options);
        var store = new RunStore(factory, TimeProvider.System);
        var run = Assert.Single(await store.ListAsync());
        run = await store.GetAsync(run.Id);
        Assert.Equal(RunStatus.Completed, run!.Status);
        Assert.Equal("headless", run.Name);
        Assert.Equal(6, run.Step);
        Assert.Equal("cpu", run.Device);
        Assert.Equal([2L, 4, 6], run.Checkpoints.Select(c => c.Step).Order());
        var losses = (await store.GetMetricsAsync(run.Id)).Where(p => p.Name == MetricNames.TrainLoss).Select(p => p.Step);
        Assert.Equal([1L, 2, 3, 4, 5, 6], losses);
    }

    [Fact]
    public async Task Run_WithDbAndAnEvalSet_WritesItsMetricsAndPredictionsIntoTheFile()
    {
        var (exit, _, _) = await RunAsync(s_tiny with { CheckpointEvery = null, EvalSets = [new("iid", null, "eval", 7)] }, "--db", Path("results.sqlite"));

        Assert.Equal(0, exit);
        var factory = new PooledDbContextFactory<WorkbenchDbContext>(
            new DbContextOptionsBuilder<WorkbenchDbContext>().UseSqlite($"Data Source={Path("results.sqlite")}").Options);
        var run = Assert.Single(await new RunStore(factory, TimeProvider.System).ListAsync());
        var accuracy = (await new RunStore(factory, TimeProvider.System).GetMetricsAsync(run.Id)).Where(p => p.Name == "eval/iid/accuracy").Select(p => p.Step);
        Assert.Equal([0L, 3, 6], accuracy);
        var predictions = new PredictionStore(factory);
        Assert.Equal([0L, 3, 6], await predictions.StepsAsync(run.Id, "iid"));
        Assert.Equal(7, (await predictions.GetAsync(run.Id, "iid", null, "all")).Rows.Count(r => r.Now is not null && r.Before is not null));
    }

    [Fact]
    public async Task Run_WithoutDbOrHub_PrintsJsonLinesOnStdout()
    {
        var (exit, stdout, progress) = await RunAsync(s_tiny with { CheckpointEvery = null });

        Assert.Equal(0, exit);
        var events = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("event").GetString() ?? "").ToArray();
        Assert.Equal("started", events[0]);
        Assert.Contains("metrics", events);
        Assert.Equal(new[] { "checkpoint", "completed" }, events[^2..]);
        Assert.Contains("step 6/6", progress);
    }

    [Fact]
    public async Task Run_ResumeIntoTheSameDbRow_ContinuesWithoutRepeatingSteps()
    {
        await RunAsync(s_tiny with { Steps = 4 }, "--db", Path("results.sqlite"));   // a finished run whose step-2 checkpoint we resume
        var (exit, _, _) = await RunAsync(s_tiny, "--db", Path("other.sqlite"), "--resume", System.IO.Path.Combine(Path("out"), "step-2"));

        Assert.Equal(0, exit);
        var factory = new PooledDbContextFactory<WorkbenchDbContext>(
            new DbContextOptionsBuilder<WorkbenchDbContext>().UseSqlite($"Data Source={Path("other.sqlite")}").Options);
        var store = new RunStore(factory, TimeProvider.System);
        var run = Assert.Single(await store.ListAsync());
        var losses = (await store.GetMetricsAsync(run.Id)).Where(p => p.Name == MetricNames.TrainLoss).Select(p => p.Step);
        Assert.Equal([3L, 4, 5, 6], losses);
    }
}
