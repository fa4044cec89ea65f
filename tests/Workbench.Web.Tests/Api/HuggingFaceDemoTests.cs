using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Experiments;
using Workbench.Web.ModelFolders;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Api;

/// <summary>
/// A fresh server writes and registers the demo Hugging Face folders; its presets train the Llama folder and distil it into
/// the Qwen2 folder through real worker processes, and the student comes back as a Hugging Face folder.
/// </summary>
public sealed class HuggingFaceDemoTests : IClassFixture<HuggingFaceDemoTests.DemoServer>
{
    public sealed class DemoServer : IDisposable
    {
        public WorkbenchServer Server { get; } = WorkbenchServer.WithDemoModels();

        public void Dispose() => Server.Dispose();
    }

    private readonly WorkbenchServer _server;

    public HuggingFaceDemoTests(DemoServer fixture) => _server = fixture.Server;

    [Fact]
    public async Task FreshServer_DemoFoldersRegisteredAndItsPresetsTrainAndDistilThem()
    {
        using var http = _server.CreateHttpClient();
        await _server.Services.GetRequiredService<DemoModelFolders>().Ready.WaitAsync(TimeSpan.FromMinutes(3));

        var models = JsonDocument.Parse(await http.GetStringAsync("/api/models")).RootElement;
        var architectures = models.EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("architecture").GetString());
        Assert.Equal("LlamaForCausalLM", architectures[HuggingFaceDemo.TeacherFolderName]);
        Assert.Equal("Qwen2ForCausalLM", architectures[HuggingFaceDemo.StudentFolderName]);

        var presets = (await http.GetFromJsonAsync<List<RunPreset>>("/api/presets", RunConfigJson.Options))!;
        var teacher = presets.Single(p => p.Id == "hf-demo-teacher").Config with { Steps = 20, EvalEvery = 10 };
        var distill = presets.Single(p => p.Id == "hf-demo-distill").Config with { Steps = 10, EvalEvery = 5 };
        Assert.Equal(Path.Combine(_server.ModelRoot, HuggingFaceDemo.TeacherFolderName), teacher.Student.Path);

        var teacherId = await http.SubmitAsync(teacher);
        var distillId = await http.SubmitAsync(distill);
        foreach (var id in new[] { teacherId, distillId })
        {
            var run = await _server.WaitForTerminalAsync(id, TimeSpan.FromMinutes(4));
            Assert.True(run.Status == RunStatus.Completed, $"run {id}: {run.Status} {run.Error}");
        }

        // The distilled student is a Hugging Face folder: the config, the weights and the student's tokenizer.
        var distilled = JsonDocument.Parse(await http.GetStringAsync($"/api/runs/{distillId}")).RootElement;
        var folder = Path.GetDirectoryName(distilled.GetProperty("checkpoints")[0].GetProperty("path").GetString()!)!;
        Assert.Contains("Qwen2ForCausalLM", await File.ReadAllTextAsync(Path.Combine(folder, "config.json")));
        Assert.Contains("hf-demo-distill", await File.ReadAllTextAsync(Path.Combine(folder, "launch.json")));   // the run's own config, beside the model's
        Assert.True(File.Exists(Path.Combine(folder, "tokenizer.json")));
        var accuracy = JsonDocument.Parse(await http.GetStringAsync($"/api/runs/{distillId}/metrics?name={MetricNames.EvalAccuracy}")).RootElement;
        Assert.True(accuracy.GetArrayLength() > 0);
    }
}
