using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Web.Tests.Shared;

namespace Workbench.Web.Tests.ModelFolders;

/// <summary>Hostile model folders against the real server: links out of the roots, FIFOs, lying configs. Each is a 400 naming <c>path</c>, fast.</summary>
public sealed class ModelFolderSafetyTests(WorkbenchServer server) : IClassFixture<WorkbenchServer>, IDisposable
{
    private readonly string _outside = Directory.CreateTempSubdirectory("wb-outside-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_outside, recursive: true); } catch (IOException) { }
    }

    private string NewFolder() => TinyModelFolder.Write(Path.Combine(server.ModelRoot, $"hostile-{Guid.NewGuid():N}"[..20]));

    private async Task<string> RefusedMessageAsync(string folder)
    {
        using var http = server.CreateHttpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var response = await http.PostAsJsonAsync("/api/models", new { path = folder }, timeout.Token);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {body}");
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal("path", problem.GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/runs")).StatusCode);   // still serving
        return problem.GetProperty("message").GetString()!;
    }

    private static void EditConfig(string folder, Action<JsonObject> edit)
    {
        var path = Path.Combine(folder, "config.json");
        var config = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(config);
        File.WriteAllText(path, config.ToJsonString());
    }

    [Fact]
    public async Task Register_WeightsLinkedToAFileOutsideTheRoots_RefusedWithoutReadingIt()
    {
        var folder = NewFolder();
        var outsideWeights = Path.Combine(_outside, "model.safetensors");
        File.Move(Path.Combine(folder, "model.safetensors"), outsideWeights);
        File.CreateSymbolicLink(Path.Combine(folder, "model.safetensors"), outsideWeights);

        var message = await RefusedMessageAsync(folder);

        Assert.Contains("model.safetensors links to a file outside the model roots", message);
        Assert.DoesNotContain(_outside, message);
    }

    [Fact]
    public async Task Register_ConfigLinkedToEtcPasswd_RefusedWithoutAByteOfIt()
    {
        var folder = NewFolder();
        File.Delete(Path.Combine(folder, "config.json"));
        File.CreateSymbolicLink(Path.Combine(folder, "config.json"), "/etc/passwd");

        var message = await RefusedMessageAsync(folder);

        Assert.Contains("config.json links to a file outside the model roots", message);
        Assert.DoesNotContain("root:", message);
        Assert.DoesNotContain("x:0", message);
        Assert.DoesNotContain("/etc", message);
    }

    [Fact]
    public async Task Register_ConfigNotJson_SaysSoWithoutQuotingIt()
    {
        var folder = NewFolder();
        File.WriteAllText(Path.Combine(folder, "config.json"), "Qsecret:x:0:0:hidden");

        var message = await RefusedMessageAsync(folder);

        Assert.Contains("is not valid JSON", message);
        Assert.DoesNotContain("Q", message.Replace(folder, ""));
        Assert.DoesNotContain("secret", message);
    }

    [Fact]
    public async Task Register_FifoNamedConfigJson_RefusedAtOnceInsteadOfHanging()
    {
        var folder = NewFolder();
        File.Delete(Path.Combine(folder, "config.json"));
        using (var mkfifo = Process.Start("mkfifo", Path.Combine(folder, "config.json"))) await mkfifo.WaitForExitAsync();
        var clock = Stopwatch.StartNew();

        var message = await RefusedMessageAsync(folder);

        Assert.Contains("config.json is a FIFO, not a regular file", message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Register_TokenizerLinkedToADevice_Refused()
    {
        var folder = NewFolder();
        File.CreateSymbolicLink(Path.Combine(folder, "tokenizer.json"), "/dev/zero");

        var message = await RefusedMessageAsync(folder);

        Assert.Contains("tokenizer.json", message);
    }

    [Fact]
    public async Task Register_HundredThousandLayersOverTwoLayersOfWeights_RefusedNamingTheCounts()
    {
        var folder = NewFolder();
        EditConfig(folder, c => c["num_hidden_layers"] = 100_000);

        var message = await RefusedMessageAsync(folder);

        Assert.Contains("num_hidden_layers 100000, but the weights hold 2 layer(s)", message);
    }

    [Fact]
    public async Task Register_ZeroAttentionHeads_Refused()
    {
        var folder = NewFolder();
        EditConfig(folder, c => c["num_attention_heads"] = 0);

        Assert.Contains("num_attention_heads must be at least 1", await RefusedMessageAsync(folder));
    }

    [Fact]
    public async Task Register_HiddenSizeNotMatchingTheTensors_RefusedNamingTheTensor()
    {
        var folder = NewFolder();
        EditConfig(folder, c => c["hidden_size"] = 32);

        var message = await RefusedMessageAsync(folder);

        Assert.Contains("model.embed_tokens.weight", message);
        Assert.Contains("[64, 16]", message);
    }

    [Fact]
    public async Task Register_SafeTensorsEntryWithoutShape_Refused()
    {
        var folder = NewFolder();
        WriteHeaderOnly(Path.Combine(folder, "model.safetensors"), """{"model.embed_tokens.weight":{"dtype":"F32","data_offsets":[0,4]}}""", 4);

        Assert.Contains("needs a dtype, a shape and data_offsets", await RefusedMessageAsync(folder));
    }

    [Fact]
    public async Task Register_ChatTemplateLoopingForEver_RefusedWithinSeconds()
    {
        var folder = NewFolder();
        File.WriteAllText(Path.Combine(folder, "chat_template.jinja"),
            "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}{{ messages[0].content }}");
        var clock = Stopwatch.StartNew();

        var message = await RefusedMessageAsync(folder);

        Assert.Contains("chat template cannot be used: The chat template ran for more than 1 s", message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Submit_RegisteredFolderRelinkedOutsideTheRoots_RefusedAtSubmission()
    {
        var folder = NewFolder();
        using var http = server.CreateHttpClient();
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/api/models", new { path = folder })).StatusCode);
        var outsideWeights = Path.Combine(_outside, "relinked.safetensors");
        File.Move(Path.Combine(folder, "model.safetensors"), outsideWeights);
        File.CreateSymbolicLink(Path.Combine(folder, "model.safetensors"), outsideWeights);

        var config = TinyConfigs.Teacher("relinked") with { Student = new Experiments.ModelRef { Path = folder } };
        var response = await http.PostAsJsonAsync("/api/runs", config, Experiments.RunConfigJson.Options);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("outside the model roots", await response.Content.ReadAsStringAsync());
    }

    private static void WriteHeaderOnly(string path, string header, int dataBytes)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var padded = new byte[(json.Length + 7) / 8 * 8];
        padded.AsSpan().Fill((byte)' ');
        json.CopyTo(padded, 0);
        using var file = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded.Length);
        file.Write(length);
        file.Write(padded);
        file.Write(new byte[dataBytes]);
    }
}
