using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Experiments;
using Workbench.Experiments.Sweeps;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Api;

/// <summary>POST /api/sweeps and the groups API on a real server: what is queued, how it reads back, and every bad input named.</summary>
public sealed class SweepsApiTests(WorkbenchServer server) : IClassFixture<WorkbenchServer>
{
    private static SweepSpec TinySweep(string name) => new()
    {
        Name = name,
        Base = TinyConfigs.Teacher(steps: 200_000),   // cancelled before they matter: these tests read what was queued
        Seeds = [1, 2],
        Axes = [SweepAxis.Of("learningRate", 0.001, 0.003)],
        Baseline = new Dictionary<string, JsonElement> { ["learningRate"] = JsonSerializer.SerializeToElement(0.001) },
    };

    [Fact]
    public async Task PostSweep_QueuesTheProductAsOneGroup_GroupReadsBack()
    {
        using var http = server.CreateHttpClient();
        var created = await PostSweepAsync(http, TinySweep("lr-grid"));
        try
        {
            Assert.Equal(4, created.RunIds.Count);
            var group = await http.GetFromJsonAsync<JsonElement>($"/api/groups/{created.GroupId}");
            Assert.Equal("lr-grid", group.GetProperty("name").GetString());
            Assert.Equal(4, group.GetProperty("total").GetInt32());
            var runs = group.GetProperty("runs").EnumerateArray().ToList();
            Assert.Equal(created.RunIds, runs.Select(r => r.GetProperty("id").GetInt32()));
            Assert.Equal(["lr-grid-0.001-seed1", "lr-grid-0.003-seed1", "lr-grid-0.001-seed2", "lr-grid-0.003-seed2"], runs.Select(r => r.GetProperty("name").GetString()));
            Assert.Equal(["0.003"], runs[1].GetProperty("axisValues").EnumerateArray().Select(v => v.GetString()));
            Assert.Equal(2, runs[2].GetProperty("seed").GetInt32());
            Assert.Equal(0.003, runs[3].GetProperty("config").GetProperty("learningRate").GetDouble());
            Assert.Equal(0.001, group.GetProperty("baseline").GetProperty("learningRate").GetDouble());
            Assert.Equal("learningRate", group.GetProperty("sweep").GetProperty("axes")[0].GetProperty("path").GetString());

            var list = await http.GetFromJsonAsync<JsonElement>("/api/groups");
            Assert.Contains(list.EnumerateArray(), g => g.GetProperty("id").GetInt32() == created.GroupId && g.GetProperty("runs").GetInt32() == 4);

            // The runs table knows the group: as a filter key and a column.
            var table = await http.GetFromJsonAsync<JsonElement>($"/api/runs/table?filter={Uri.EscapeDataString("group == \"lr-grid\"")}");
            Assert.Equal(created.RunIds.Order(), table.EnumerateArray().Select(r => r.GetProperty("id").GetInt32()).Order());
            Assert.All(table.EnumerateArray(), r => Assert.Equal("lr-grid", r.GetProperty("group").GetString()));
        }
        finally
        {
            await CancelAsync(http, created.RunIds);
        }
    }

    [Fact]
    public async Task PatchGroup_RenamesAndRebaselines_BadValuesNamed()
    {
        using var http = server.CreateHttpClient();
        var created = await PostSweepAsync(http, TinySweep("to-rename"));
        try
        {
            var ok = await http.PatchAsJsonAsync($"/api/groups/{created.GroupId}", new { name = "renamed", notes = "why", baseline = new Dictionary<string, object> { ["learningRate"] = 0.003 } });
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            var group = await ok.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(("renamed", "why", 0.003), (group.GetProperty("name").GetString(), group.GetProperty("notes").GetString(), group.GetProperty("baseline").GetProperty("learningRate").GetDouble()));

            await AssertFieldAsync(await http.PatchAsJsonAsync($"/api/groups/{created.GroupId}", new { name = "" }), "name");
            await AssertFieldAsync(await http.PatchAsJsonAsync($"/api/groups/{created.GroupId}", new { name = "bad/name" }), "name");
            await AssertFieldAsync(await http.PatchAsJsonAsync($"/api/groups/{created.GroupId}", new { baseline = new { learningRate = 0.5 } }), "baseline.learningRate");
            await AssertFieldAsync(await http.PatchAsJsonAsync($"/api/groups/{created.GroupId}", new { baseline = new { seed = 1 } }), "baseline.seed");
            await AssertFieldAsync(await http.PatchAsync($"/api/groups/{created.GroupId}", Json("""{"notes": 5}""")), "notes");
            Assert.Equal(HttpStatusCode.NotFound, (await http.PatchAsJsonAsync("/api/groups/99999", new { name = "x" })).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/groups/99999")).StatusCode);

            var cleared = await (await http.PatchAsJsonAsync($"/api/groups/{created.GroupId}", new { baseline = new { } })).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(JsonValueKind.Null, cleared.GetProperty("baseline").ValueKind);
            Assert.Equal("renamed", cleared.GetProperty("name").GetString());
        }
        finally
        {
            await CancelAsync(http, created.RunIds);
        }
    }

    [Theory]
    [InlineData("""{"name":"s","base":{"steps":5},"axes":[{"path":"learningRate","values":[0.1]},{"path":"leaf.rho","values":[0.1]}]}""", "axes[1].path")]
    [InlineData("""{"name":"s","base":{"steps":5},"axes":[{"path":"objectives[2].temperature","values":[1]}]}""", "axes[0].path")]
    [InlineData("""{"name":"s","base":{"steps":5},"axes":[{"path":"steps","values":["many"]}]}""", "axes[0].path")]
    [InlineData("""{"name":"s","base":{"steps":5},"axes":[{"path":"steps","values":[]}]}""", "axes[0].values")]
    [InlineData("""{"name":"s","base":{"steps":5},"axes":[{"path":"learningRate","values":[0.1, 2]}]}""", "runs[1].learningRate")]
    [InlineData("""{"name":"s","base":{"steps":5},"seeds":"many"}""", "seeds")]
    [InlineData("""{"name":"","base":{"steps":5}}""", "name")]
    [InlineData("""{"name":"s"}""", "base")]
    [InlineData("""{"name":"s","base":{"steps":5},"baseline":{"learningRate":0.1}}""", "baseline.learningRate")]
    [InlineData("""{"name":"s","base":{"steps":5,"teacher":{"checkpoint":"nobody-by-this-name"},"objectives":[{"kind":"forward_kl"}]}}""", "runs[0].teacher.checkpoint")]
    [InlineData("""{"name":"s","base":{"steps":5,"teacher":{"run":99999},"objectives":[{"kind":"forward_kl"}]}}""", "runs[0].teacher.run")]
    [InlineData("""[1,2]""", "body")]
    public async Task PostSweep_BadInput_ProblemDetailsNameTheField(string body, string field)
    {
        using var http = server.CreateHttpClient();
        var before = (await http.GetFromJsonAsync<JsonElement>("/api/groups")).GetArrayLength();
        await AssertFieldAsync(await http.PostAsync("/api/sweeps", Json(body)), field);
        Assert.Equal(before, (await http.GetFromJsonAsync<JsonElement>("/api/groups")).GetArrayLength());   // nothing queued
    }

    [Fact]
    public async Task PostSweep_TooManyRuns_RefusedOnAxes()
    {
        using var http = server.CreateHttpClient();
        var values = string.Join(',', Enumerable.Range(1, 30).Select(i => (i * 1e-4).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var body = $$"""{"name":"big","base":{"steps":5},"seeds":[1],"axes":[{"path":"learningRate","values":[{{values}}]},{"path":"weightDecay","values":[{{values}}]}]}""";
        await AssertFieldAsync(await http.PostAsync("/api/sweeps", Json(body)), "axes");
    }

    [Fact]
    public async Task Submit_TeacherByName_ResolvedOnceToTheRunId_LaterRunOfThatNameChangesNothing()
    {
        using var http = server.CreateHttpClient();
        var name = $"pinned-{Guid.NewGuid():N}"[..16];
        var first = await http.SubmitAsync(TinyConfigs.Teacher(name, steps: 200_000));
        var distill = await http.SubmitAsync(TinyConfigs.Distill(name));
        var sweep = await PostSweepAsync(http, new SweepSpec { Name = "pinned-sweep", Base = TinyConfigs.Distill(name), Seeds = [1] });
        var second = await http.SubmitAsync(TinyConfigs.Teacher(name, steps: 200_000));
        var later = await http.SubmitAsync(TinyConfigs.Distill(name));
        try
        {
            Assert.Equal(first, await TeacherRunAsync(http, distill));
            Assert.Equal(first, await TeacherRunAsync(http, sweep.RunIds[0]));
            Assert.Equal(second, await TeacherRunAsync(http, later));   // submitted after the second: the newest of that name
            var teacher = (await http.GetFromJsonAsync<JsonElement>($"/api/runs/{distill}")).GetProperty("config").GetProperty("teacher");
            Assert.Equal(JsonValueKind.Null, teacher.GetProperty("checkpoint").ValueKind);   // the name is gone: only the id is stored
        }
        finally
        {
            await CancelAsync(http, [first, distill, .. sweep.RunIds, second, later]);
        }
    }

    [Fact]
    public async Task LeafDemo_QueuesTeacherStudentAndOneGroupOfKdAgainstLeafOverThreeSeeds()
    {
        using var http = server.CreateHttpClient();
        var response = await http.PostAsync("/api/demos/leaf", null);
        var demo = await response.Content.ReadFromJsonAsync<JsonElement>();
        var (teacher, student, groupId) = (demo.GetProperty("teacherRunId").GetInt32(), demo.GetProperty("studentRunId").GetInt32(), demo.GetProperty("groupId").GetInt32());
        var groupRuns = demo.GetProperty("groupRunIds").EnumerateArray().Select(i => i.GetInt32()).ToList();
        try
        {
            var group = await http.GetFromJsonAsync<JsonElement>($"/api/groups/{groupId}");
            Assert.Equal("leaf-demo", group.GetProperty("name").GetString());
            Assert.Equal("none", group.GetProperty("baseline").GetProperty("leaf.mask").GetString());
            var runs = group.GetProperty("runs").EnumerateArray().ToList();
            Assert.Equal(groupRuns, runs.Select(r => r.GetProperty("id").GetInt32()));
            Assert.Equal(["none", "instruction", "none", "instruction", "none", "instruction"], runs.Select(r => r.GetProperty("axisValues")[0].GetString()));
            Assert.Equal([1, 1, 2, 2, 3, 3], runs.Select(r => r.GetProperty("seed").GetInt32()));
            Assert.All(runs, r =>
            {
                var config = r.GetProperty("config");
                Assert.Equal(teacher, config.GetProperty("teacher").GetProperty("run").GetInt32());
                Assert.Equal(student, config.GetProperty("student").GetProperty("run").GetInt32());
                Assert.Equal("ood", config.GetProperty("evalSets")[0].GetProperty("name").GetString());
            });
        }
        finally
        {
            await CancelAsync(http, [teacher, student, .. groupRuns]);
        }
    }

    [Theory]
    [InlineData("/api/demos/leaf", "teacher.student.width")]
    [InlineData("/api/demos/teacher-hacking", "oracle.student.width")]
    public async Task Demo_OverTheMemoryBudget_400NamingThePartAndNothingLeftQueued(string endpoint, string field)
    {
        await using var small = WorkbenchServer.WithSettings(new Dictionary<string, string> { ["Workbench:MemoryBudgetMb"] = "1" });
        using var http = small.CreateHttpClient();

        var response = await http.PostAsync(endpoint, null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("over the 1 MB budget", errors.GetProperty(field)[0].GetString());
        Assert.DoesNotContain(await small.Store.ListAsync(), r => r.Status is RunStatus.Queued or RunStatus.Running);
    }

    [Fact]
    public async Task RecipeSubmission_LaterPartRefused_EarlierRunsCancelledAndErrorsNamedAfterTheirPart()
    {
        using var scope = server.Services.CreateScope();
        var recipe = new Workbench.Web.Orchestration.RecipeSubmission(scope.ServiceProvider.GetRequiredService<Workbench.Web.Orchestration.RunService>());

        var first = await recipe.QueueAsync("teacher", TinyConfigs.Teacher("recipe-part", steps: 200_000), CancellationToken.None);
        recipe.Refused("group", [new ValidationError("runs[2].batchSize", "too big")]);
        var errors = await recipe.WithdrawAsync(CancellationToken.None);

        Assert.NotNull(first);
        Assert.Equal([new ValidationError("group.runs[2].batchSize", "too big")], errors);
        await WaitForAsync(async () => (await server.Store.GetAsync(first.Value))!.Status == RunStatus.Cancelled);
    }

    private static async Task WaitForAsync(Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met in 30 s");
            await Task.Delay(100);
        }
    }

    private static async Task<int> TeacherRunAsync(HttpClient http, int runId) =>
        (await http.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}")).GetProperty("config").GetProperty("teacher").GetProperty("run").GetInt32();

    private static async Task<(int GroupId, IReadOnlyList<int> RunIds)> PostSweepAsync(HttpClient http, SweepSpec spec)
    {
        var response = await http.PostAsJsonAsync("/api/sweeps", spec, RunConfigJson.Options);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal($"/api/groups/{json.GetProperty("groupId").GetInt32()}", response.Headers.Location?.OriginalString);
        return (json.GetProperty("groupId").GetInt32(), json.GetProperty("runIds").EnumerateArray().Select(i => i.GetInt32()).ToList());
    }

    private static async Task AssertFieldAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {body}");
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"expected an error on {field}: {errors}");
    }

    private static async Task CancelAsync(HttpClient http, IEnumerable<int> runIds)
    {
        foreach (var id in runIds) await http.PostAsync($"/api/runs/{id}/cancel", null);
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}
