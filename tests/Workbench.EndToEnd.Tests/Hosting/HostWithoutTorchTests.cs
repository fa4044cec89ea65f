using System.Net.Http.Json;
using System.Text.Json;
using Workbench.EndToEnd.Tests.Shared;
using Workbench.Web.Tests.Shared;

namespace Workbench.EndToEnd.Tests.Hosting;

/// <summary>
/// The real web app, as its own process, registers and lists a Hugging Face model folder (config.json, safetensors header,
/// tokenizer, chat template) and renders the Models page without loading the training assembly, TorchSharp or libtorch:
/// what it maps into memory is read from /proc.
/// </summary>
public sealed class HostWithoutTorchTests
{
    [Fact]
    public async Task ModelsApiAndPage_HostMapsNoTrainingCodeOrTorch()
    {
        await using var app = await WorkbenchAppProcess.StartAsync(TimeSpan.FromSeconds(90));
        using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var folder = TinyModelFolder.Write(Path.Combine(app.DataDirectory, "models", "tiny"));

        var registered = await http.PostAsJsonAsync("api/models", new { path = folder });
        Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());
        var listed = await http.GetFromJsonAsync<JsonElement>("api/models");
        var model = Assert.Single(listed.EnumerateArray());
        Assert.Equal("LlamaForCausalLM", model.GetProperty("architecture").GetString());
        var refused = await http.PostAsJsonAsync("api/models", new { path = "relative/path" });
        Assert.Contains("must be absolute", await refused.Content.ReadAsStringAsync());
        var page = await http.GetStringAsync("models");
        Assert.Contains(folder, page);

        Assert.Empty(MappedFiles.TrainingSideOf(app.ProcessId));
        // The check would see them: the host does map its own assemblies.
        Assert.Contains(MappedFiles.Of(app.ProcessId), path => path.EndsWith("Workbench.ModelFolders.dll", StringComparison.Ordinal));
    }
}
