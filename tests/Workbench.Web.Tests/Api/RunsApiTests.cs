using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Experiments;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Api;

public sealed class RunsApiTests(WorkbenchServer server) : IClassFixture<WorkbenchServer>
{
    [Fact]
    public async Task HuggingFaceDemo_DemoFoldersNotWritten_400NamingStudentPathAndNothingQueued()
    {
        using var http = server.CreateHttpClient();
        var before = (await server.Store.ListAsync()).Count;

        var response = await http.PostAsync("/api/demos/huggingface", null);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("student.path", body);
        Assert.Contains("not ready yet", body);
        Assert.Equal(before, (await server.Store.ListAsync()).Count);
    }

    [Fact]
    public async Task Healthz_RunningServer_ReturnsHealthy()
    {
        using var http = server.CreateHttpClient();
        var response = await http.GetStringAsync("/healthz");
        Assert.Contains("healthy", response);
    }

    [Fact]
    public async Task Presets_Always_IncludeDemoTeacherAndDistillationWithConfigs()
    {
        using var http = server.CreateHttpClient();
        var presets = await http.GetFromJsonAsync<JsonElement>("/api/presets");
        var ids = presets.EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToList();
        Assert.Contains("demo-teacher", ids);
        Assert.Contains("demo-distill", ids);
        var distill = presets.EnumerateArray().Single(p => p.GetProperty("id").GetString() == "demo-distill");
        Assert.Equal("demo-teacher", distill.GetProperty("config").GetProperty("teacher").GetProperty("checkpoint").GetString());
    }

    [Fact]
    public async Task PostRun_InvalidValues_ProblemDetailsNameEachField()
    {
        using var http = server.CreateHttpClient();
        var config = TinyConfigs.Teacher() with
        {
            Steps = 0,
            Objectives = [new ObjectiveTerm { Kind = ObjectiveKinds.CrossEntropy, Temperature = -1 }],
        };

        var response = await http.PostAsJsonAsync("/api/runs", config, RunConfigJson.Options);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("between 1 and", errors.GetProperty("steps")[0].GetString());
        Assert.True(errors.TryGetProperty("objectives[0].temperature", out _));
    }

    [Fact]
    public async Task PostRun_WrongJsonType_ProblemDetailsNamesTheField()
    {
        using var http = server.CreateHttpClient();
        var response = await http.PostAsync("/api/runs", new StringContent("""{"name":"x","steps":"many"}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("steps", out _), errors.ToString());
    }

    [Fact]
    public async Task PostRun_UnknownTeacher_RejectedOnTeacherCheckpoint()
    {
        using var http = server.CreateHttpClient();
        var response = await http.PostAsJsonAsync("/api/runs", TinyConfigs.Distill("no-such-teacher"), RunConfigJson.Options);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("no-such-teacher", errors.GetProperty("teacher.checkpoint")[0].GetString());
    }

    [Fact]
    public async Task PostRun_TeacherThenDistillation_BothCompleteWithMetricsAndCheckpoints()
    {
        using var http = server.CreateHttpClient();
        var teacherName = $"teacher-{Guid.NewGuid():N}"[..16];

        // The distillation names a teacher that is still queued: it waits its turn, then uses its checkpoint.
        var teacher = await PostAsync(http, TinyConfigs.Teacher(teacherName));
        var student = await PostAsync(http, TinyConfigs.Distill(teacherName));
        Assert.Equal("queued", student.GetProperty("status").GetString());

        var teacherRun = await server.WaitForTerminalAsync(teacher.GetProperty("id").GetInt32(), TimeSpan.FromMinutes(2));
        var studentRun = await server.WaitForTerminalAsync(student.GetProperty("id").GetInt32(), TimeSpan.FromMinutes(2));

        Assert.True(teacherRun.Status == RunStatus.Completed, teacherRun.Error);
        Assert.True(studentRun.Status == RunStatus.Completed, studentRun.Error);
        var metrics = await server.Store.GetMetricsAsync(studentRun.Id);
        Assert.Contains(metrics, p => p.Name == MetricNames.TrainLoss);
        Assert.Contains(metrics, p => p.Name == MetricNames.TrainTerm(ObjectiveKinds.ForwardKl));
        Assert.Contains(metrics, p => p.Name == MetricNames.EvalLoss);
        Assert.All(metrics, p => Assert.True(double.IsFinite(p.Value)));

        var api = await http.GetFromJsonAsync<JsonElement>($"/api/runs/{studentRun.Id}");
        Assert.Equal("completed", api.GetProperty("status").GetString());
        Assert.Equal(1.0, api.GetProperty("progress").GetDouble());
        var checkpoint = api.GetProperty("checkpoints")[0].GetProperty("path").GetString()!;
        Assert.True(File.Exists(checkpoint), checkpoint);
        Assert.StartsWith(server.DataDirectory, checkpoint);

        var apiMetrics = await http.GetFromJsonAsync<JsonElement>($"/api/runs/{studentRun.Id}/metrics?name=train/loss");
        Assert.Equal(metrics.Count(p => p.Name == MetricNames.TrainLoss), apiMetrics.GetArrayLength());
    }

    [Fact]
    public async Task Cancel_RunningRun_StopsWorkerAndMarksCancelled()
    {
        using var http = server.CreateHttpClient();
        var run = await PostAsync(http, TinyConfigs.Teacher("long-run", steps: 200_000));
        var id = run.GetProperty("id").GetInt32();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while ((await server.Store.GetAsync(id))!.Step < 3 && DateTime.UtcNow < deadline) await Task.Delay(100);

        var cancel = await http.PostAsync($"/api/runs/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var finished = await server.WaitForTerminalAsync(id, TimeSpan.FromSeconds(30));
        Assert.Equal(RunStatus.Cancelled, finished.Status);
        Assert.NotEmpty(await server.Store.GetMetricsAsync(id));   // what was written stays written
        Assert.Equal(HttpStatusCode.Conflict, (await http.PostAsync($"/api/runs/{id}/cancel", null)).StatusCode);
    }

    [Fact]
    public async Task OpenApi_Document_DescribesTheRunsApi()
    {
        using var http = server.CreateHttpClient();
        var document = await http.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/runs/{id}/metrics", document);
        Assert.Contains("/api/presets", document);
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, RunConfig config)
    {
        var response = await http.PostAsJsonAsync("/api/runs", config, RunConfigJson.Options);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
