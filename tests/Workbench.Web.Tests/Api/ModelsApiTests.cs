using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Experiments;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.Api;

public sealed class ModelsApiTests(WorkbenchServer server) : IClassFixture<WorkbenchServer>
{
    private string NewFolderUnderRoot(string prefix = "tiny") => Path.Combine(server.ModelRoot, $"{prefix}-{Guid.NewGuid():N}"[..20]);

    private static async Task<(string Field, string Message)> RefusalOf(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var field = problem.GetProperty("field").GetString()!;
        Assert.Equal(problem.GetProperty("message").GetString(), problem.GetProperty("errors").GetProperty(field)[0].GetString());
        return (field, problem.GetProperty("message").GetString()!);
    }

    [Fact]
    public async Task Post_TinyLlamaFolder_CreatedWithInfoListedThenDeletedLeavingTheFiles()
    {
        using var http = server.CreateHttpClient();
        var folder = TinyModelFolder.Write(NewFolderUnderRoot());

        var response = await http.PostAsJsonAsync("/api/models", new { path = folder });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt32();
        Assert.Equal($"/api/models/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(Path.GetFileName(folder), created.GetProperty("name").GetString());
        Assert.Equal(folder, created.GetProperty("path").GetString());
        Assert.Equal(("LlamaForCausalLM", "llama", "float32"), (created.GetProperty("architecture").GetString(), created.GetProperty("modelType").GetString(), created.GetProperty("dType").GetString()));
        Assert.Equal(TinyModelFolder.ParameterCount, created.GetProperty("parameterCount").GetInt64());
        Assert.Equal((64, 2, 16, 4, 2), (created.GetProperty("vocabSize").GetInt32(), created.GetProperty("layers").GetInt32(),
            created.GetProperty("hiddenSize").GetInt32(), created.GetProperty("attentionHeads").GetInt32(), created.GetProperty("keyValueHeads").GetInt32()));

        var listed = await http.GetFromJsonAsync<JsonElement>("/api/models");
        Assert.Contains(listed.EnumerateArray(), m => m.GetProperty("id").GetInt32() == id);

        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/api/models/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.DeleteAsync($"/api/models/{id}")).StatusCode);
        Assert.DoesNotContain((await http.GetFromJsonAsync<JsonElement>("/api/models")).EnumerateArray(), m => m.GetProperty("id").GetInt32() == id);
        Assert.True(File.Exists(Path.Combine(folder, "model.safetensors")));
    }

    [Fact]
    public async Task Post_MistralFolderCreatedAsMistral_GemmaOneFolderRefusedByName()
    {
        using var http = server.CreateHttpClient();
        var mistral = TinyModelFolder.Write(NewFolderUnderRoot("mistral"), "mistral", "MistralForCausalLM");
        var gemma = TinyModelFolder.Write(NewFolderUnderRoot("gemma"), "gemma", "GemmaForCausalLM");

        var response = await http.PostAsJsonAsync("/api/models", new { path = mistral });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("MistralForCausalLM", "mistral"), (created.GetProperty("architecture").GetString(), created.GetProperty("modelType").GetString()));

        var (field, message) = await RefusalOf(await http.PostAsJsonAsync("/api/models", new { path = gemma }));
        Assert.Equal("path", field);
        Assert.Contains("'gemma'", message);
        Assert.Contains("gemma3_text", message);
    }

    [Fact]
    public async Task Post_SameFolderTwiceOrTakenName_400()
    {
        using var http = server.CreateHttpClient();
        var folder = TinyModelFolder.Write(NewFolderUnderRoot());
        var other = TinyModelFolder.Write(NewFolderUnderRoot());
        var name = "named-" + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/api/models", new { path = folder, name })).StatusCode);

        var (samePathField, samePathMessage) = await RefusalOf(await http.PostAsJsonAsync("/api/models", new { path = folder + "/" }));
        var (sameNameField, _) = await RefusalOf(await http.PostAsJsonAsync("/api/models", new { path = other, name }));

        Assert.Equal("path", samePathField);
        Assert.Contains(name, samePathMessage);
        Assert.Equal("name", sameNameField);
    }

    public static TheoryData<string, string> BadPaths => new()
    {
        { "relative", "must be absolute" },
        { "dotdot", "'..'" },
        { "outside", "outside the model roots" },
        { "no-config", "no config.json" },
        { "unsupported", "not supported" },
        { "missing", "does not exist" },
        { "link-out", "outside the model roots" },
    };

    [Theory]
    [MemberData(nameof(BadPaths))]
    public async Task Post_BadPath_400NamingPath(string kind, string expected)
    {
        using var http = server.CreateHttpClient();
        var outside = TinyModelFolder.Write(Path.Combine(server.DataDirectory, "elsewhere", Guid.NewGuid().ToString("N")));
        var path = kind switch
        {
            "relative" => "models/tiny",
            "dotdot" => Path.Combine(server.ModelRoot, "..", "elsewhere"),
            "outside" => outside,
            "no-config" => Directory.CreateDirectory(NewFolderUnderRoot("empty")).FullName,
            "unsupported" => TinyModelFolder.Write(NewFolderUnderRoot("gpt2"), "gpt2", "GPT2LMHeadModel"),
            "missing" => NewFolderUnderRoot("missing"),
            // A link inside the root to a folder outside it: canonicalisation sees where it really leads.
            _ => Directory.CreateSymbolicLink(NewFolderUnderRoot("link"), outside).FullName,
        };
        Directory.CreateDirectory(server.ModelRoot);

        var (field, message) = await RefusalOf(await http.PostAsJsonAsync("/api/models", new { path }));

        Assert.Equal("path", field);
        Assert.Contains(expected, message);
    }

    [Fact]
    public async Task SubmitRun_UnregisteredFolderAsTeacher_400NamingTeacherPath_RegisteredAccepted()
    {
        using var http = server.CreateHttpClient();
        var folder = TinyModelFolder.Write(NewFolderUnderRoot());
        var config = TinyConfigs.Distill("unused") with { Teacher = new ModelRef { Path = folder } };

        var refused = await http.PostAsJsonAsync("/api/runs", config, RunConfigJson.Options);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("not a registered model folder", errors.GetProperty("teacher.path")[0].GetString());

        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/api/models", new { path = folder })).StatusCode);
        var accepted = await http.PostAsJsonAsync("/api/runs", config, RunConfigJson.Options);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        var runId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        await http.PostAsync($"/api/runs/{runId}/cancel", null);   // loading folders in the worker is not this test's business
    }

    [Fact]
    public async Task OpenApi_Document_DescribesModelEndpoints()
    {
        using var http = server.CreateHttpClient();
        using var document = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/models").TryGetProperty("post", out var post));
        Assert.True(post.GetProperty("responses").TryGetProperty("201", out _));
        Assert.True(post.GetProperty("responses").TryGetProperty("400", out _));
        Assert.True(paths.GetProperty("/api/models/{id}").TryGetProperty("delete", out _));
    }
}
