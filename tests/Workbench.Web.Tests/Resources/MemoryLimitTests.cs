using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Experiments;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Resources;

/// <summary>Memory estimates at submission, and the hard limit on a real worker process.</summary>
public sealed class MemoryLimitTests(WorkbenchServer server, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<WorkbenchServer>
{
    [Fact]
    public async Task Submit_ConfigNeedingAbout150Gigabytes_400NamingEstimateAndBudget()
    {
        using var http = server.CreateHttpClient();
        var config = TinyConfigs.Teacher("far-too-big") with
        {
            Student = new ModelRef { Layers = 48, Heads = 32, Width = 4096, Context = 4096 },
            BatchSize = 1024,
        };

        var response = await http.PostAsJsonAsync("/api/runs", config, RunConfigJson.Options);

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = JsonDocument.Parse(body).RootElement.GetProperty("errors").GetProperty("student.width")[0].GetString()!;
        Assert.Matches(@"^This run needs about [\d.]+ [GT]B \(.*\), over the [\d.]+ GB budget \(Workbench:MemoryBudgetFraction 0\.6 of [\d.]+ GB\)", message);
        Assert.DoesNotContain((await server.Store.ListAsync()), r => r.Name == "far-too-big");
    }

    [Fact]
    public async Task Resume_RunNowOverTheBudget_400NamingTheFieldAndStaysFailed()
    {
        // A failed run with a resumable checkpoint whose config is far over the budget (queued before the budget was lowered).
        var config = TinyConfigs.Teacher("grown") with { Student = new ModelRef { Layers = 48, Heads = 32, Width = 4096, Context = 4096 }, BatchSize = 1024 };
        var runId = await SeededRuns.AddAsync(server.Services, config, RunStatus.Failed);
        var step = Directory.CreateDirectory(Path.Combine(server.DataDirectory, "runs", runId.ToString(), "step-10")).FullName;
        File.WriteAllText(Path.Combine(step, "model.safetensors"), "weights");
        File.WriteAllText(Path.Combine(step, ResumableCheckpoint.StateFileName), "{}");
        await server.Store.AddCheckpointAsync(runId, new CheckpointSaved(Path.Combine(step, "model.safetensors"), 10));
        using var http = server.CreateHttpClient();

        var response = await http.PostAsync($"/api/runs/{runId}/resume", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Contains("over the", errors.GetProperty("student.width")[0].GetString());
        Assert.Equal(RunStatus.Failed, (await server.Store.GetAsync(runId))!.Status);
    }

    [Fact]
    public async Task Submit_TinyConfigUnderALoweredBudget_StillAccepted()
    {
        await using var small = WorkbenchServer.WithSettings(new Dictionary<string, string> { ["Workbench:MemoryBudgetMb"] = "2048" });
        using var http = small.CreateHttpClient();

        var tooBig = await http.PostAsJsonAsync("/api/runs", TinyConfigs.Teacher("wide") with
        {
            Student = new ModelRef { Layers = 8, Heads = 8, Width = 1024, Context = 256 }, BatchSize = 64,
        }, RunConfigJson.Options);
        var tiny = await http.PostAsJsonAsync("/api/runs", TinyConfigs.Teacher("tiny", steps: 5), RunConfigJson.Options);

        Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
        Assert.Contains("budget (Workbench:MemoryBudgetMb 2048)", await tooBig.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, tiny.StatusCode);
    }

    [Fact]
    public async Task Submit_TinyStudentWithAnOracleOverTheBudget_400NamingTheOracle()
    {
        await using var small = WorkbenchServer.WithSettings(new Dictionary<string, string> { ["Workbench:MemoryBudgetMb"] = "2048" });
        // The oracle's run trained a 24 × 2048 model: about 1.2 G parameters, 4.5 GB of fp32 weights alone.
        var oracle = await SeededRuns.AddAsync(small.Services, TinyConfigs.Teacher("huge-oracle") with
        {
            Student = new ModelRef { Layers = 24, Heads = 16, Width = 2048, Context = 64 },
        });
        var teacher = await SeededRuns.AddAsync(small.Services, TinyConfigs.Teacher("small-teacher"));
        // Completed runs are usable models once they saved one (never read here: the estimate reads the runs' configs).
        foreach (var runId in new[] { oracle, teacher })
            await small.Store.AddCheckpointAsync(runId, new CheckpointSaved(Path.Combine(small.DataDirectory, $"run-{runId}.safetensors"), 40));
        using var http = small.CreateHttpClient();
        var distill = TinyConfigs.Distill("small-teacher", steps: 5) with { Name = "oracle-too-big", Teacher = new ModelRef { Run = teacher } };

        var withOracle = await http.PostAsJsonAsync("/api/runs", distill with { Oracle = new ModelRef { Run = oracle } }, RunConfigJson.Options);
        var without = await http.PostAsJsonAsync("/api/runs", distill, RunConfigJson.Options);

        var body = await withOracle.Content.ReadAsStringAsync();
        output.WriteLine(body);
        Assert.Equal(HttpStatusCode.BadRequest, withOracle.StatusCode);
        var message = JsonDocument.Parse(body).RootElement.GetProperty("errors").GetProperty("oracle.run")[0].GetString()!;
        Assert.Matches(@"^This run needs about [\d.]+ GB \(.*, oracle [\d.]+ GB, .*\), over the 2\.0 GB budget", message);
        Assert.Equal(HttpStatusCode.Created, without.StatusCode);
    }

    [Fact]
    public async Task Worker_AllocatesPastItsLimit_FailedWithTheReasonWhileTheServerAndItsNeighbourCarryOn()
    {
        await using var limited = WorkbenchServer.WithSettings(new Dictionary<string, string>
        {
            ["Workbench:WorkerMemoryLimitMb"] = "600",
            ["Workbench:MaxConcurrentRuns"] = "2",
        });
        using var http = limited.CreateHttpClient();
        // Activations alone: 4 layers · 2 · (34·B·T·C + 5·B·H·T²) ≈ 2.6 GB at B = 256, T = 64, C = 512: far past 600 MB in its first step.
        var hog = await http.SubmitAsync(TinyConfigs.Teacher("hog", steps: 50) with
        {
            Student = new ModelRef { Layers = 4, Heads = 8, Width = 512, Context = 64 }, BatchSize = 256,
        });
        var neighbour = await http.SubmitAsync(TinyConfigs.Teacher("neighbour", steps: 60));

        var failed = await limited.WaitForTerminalAsync(hog, TimeSpan.FromMinutes(3));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/runs")).StatusCode);
        var finished = await limited.WaitForTerminalAsync(neighbour, TimeSpan.FromMinutes(3));

        output.WriteLine($"hog: {failed.Status}: {failed.Error}; neighbour: {finished.Status} at step {finished.Step}");
        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Matches(@"^Worker exceeded its memory limit of 600 MB \(peak \d+ MB\)", failed.Error);
        Assert.Equal(RunStatus.Completed, finished.Status);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/runs")).StatusCode);
    }
}
