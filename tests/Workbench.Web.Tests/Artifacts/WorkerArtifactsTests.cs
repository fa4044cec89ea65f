using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Experiments;
using Workbench.Experiments.Artifacts;
using Workbench.Web.Artifacts;
using Workbench.Web.Hosting;
using Workbench.Web.Live;
using Workbench.Web.Tests.Shared;
using Workbench.Worker.Artifacts;

namespace Workbench.Web.Tests.Artifacts;

/// <summary>
/// A worker without the host's disk: inputs fetched by SHA-256 over real HTTP (resumed with Range, checked on arrival),
/// checkpoints uploaded in resumable chunks; only the run's own live token opens its own artifacts.
/// </summary>
public sealed class WorkerArtifactsTests : IClassFixture<WorkerArtifactsTests.Server>, IDisposable
{
    public sealed class Server : IAsyncDisposable
    {
        public WorkbenchServer Host { get; } = new();
        public ValueTask DisposeAsync() => Host.DisposeAsync();
    }

    private readonly WorkbenchServer _host;
    private readonly string _scratch = Directory.CreateTempSubdirectory("wb-artifacts-").FullName;
    private readonly int _runId;
    private readonly string _token;

    public WorkerArtifactsTests(Server server)
    {
        _host = server.Host;
        _ = _host.BaseAddress;
        _runId = NewRun();
        _token = Credentials.Issue(_runId);
    }

    // A worker token belongs to a run that exists (its hash is kept on the run's row).
    private int NewRun() => SeededRuns.AddAsync(_host.Services, TinyConfigs.Teacher("artifacts"), RunStatus.Running).GetAwaiter().GetResult();

    private WorkerCredentials Credentials => _host.Services.GetRequiredService<WorkerCredentials>();
    private RunArtifactGrants Grants => _host.Services.GetRequiredService<RunArtifactGrants>();

    private string RandomFile(string name, int bytes)
    {
        var path = Path.Combine(_scratch, name);
        File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(bytes));
        return path;
    }

    [Fact]
    public async Task GrantedFile_ArrivesChecked_ThenComesFromTheCache()
    {
        var source = RandomFile("model.safetensors", 3 << 20);
        var reference = await Grants.GrantFileAsync(_runId, source);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(source))), reference.Sha256);

        var fetcher = new ArtifactFetcher(_host.CreateHttpClient(), _runId, _token, Path.Combine(_scratch, "cache"));
        var local = await fetcher.FetchAsync(reference);
        Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(local));
        Assert.Equal(3 << 20, fetcher.BytesReceived);
        Assert.Equal(local, await fetcher.FetchAsync(reference));
        Assert.Equal(3 << 20, fetcher.BytesReceived);   // nothing fetched twice
    }

    [Fact]
    public async Task InterruptedDownload_ContinuesWithARangeRequest()
    {
        var source = RandomFile("data.jsonl", 2 << 20);
        var reference = await Grants.GrantFileAsync(_runId, source);
        var cache = Path.Combine(_scratch, "cache");
        var part = Path.Combine(cache, reference.Sha256, "data.jsonl.part");
        Directory.CreateDirectory(Path.GetDirectoryName(part)!);
        File.WriteAllBytes(part, File.ReadAllBytes(source)[..(700 * 1024)]);   // what arrived before the connection broke

        var fetcher = new ArtifactFetcher(_host.CreateHttpClient(), _runId, _token, cache);
        var local = await fetcher.FetchAsync(reference);
        Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(local));
        Assert.Equal((2 << 20) - 700 * 1024, fetcher.BytesReceived);
    }

    [Fact]
    public async Task CorruptPartialFile_FailsTheCheck_AndIsFetchedAgainWhole()
    {
        var source = RandomFile("teacher.safetensors", 1 << 20);
        var reference = await Grants.GrantFileAsync(_runId, source);
        var cache = Path.Combine(_scratch, "cache");
        var part = Path.Combine(cache, reference.Sha256, "teacher.safetensors.part");
        Directory.CreateDirectory(Path.GetDirectoryName(part)!);
        File.WriteAllBytes(part, new byte[100 * 1024]);   // zeros: not the file's first bytes

        var fetcher = new ArtifactFetcher(_host.CreateHttpClient(), _runId, _token, cache);
        Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(await fetcher.FetchAsync(reference)));
        Assert.Equal((1 << 20) - 100 * 1024 + (1 << 20), fetcher.BytesReceived);
    }

    [Fact]
    public async Task ModelFolder_FetchedFileByFile()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_scratch, "hf-model")).FullName;
        File.WriteAllText(Path.Combine(folder, "config.json"), "{\"model_type\":\"llama\"}");
        File.WriteAllBytes(Path.Combine(folder, "model.safetensors"), RandomNumberGenerator.GetBytes(50_000));
        var references = await Grants.GrantFolderAsync(_runId, folder);
        Assert.Equal(["config.json", "model.safetensors"], references.Select(r => r.Name));

        var fetcher = new ArtifactFetcher(_host.CreateHttpClient(), _runId, _token, Path.Combine(_scratch, "cache"));
        var local = await fetcher.FetchFolderAsync("hf-model", references);
        Assert.Equal(File.ReadAllBytes(Path.Combine(folder, "model.safetensors")), File.ReadAllBytes(Path.Combine(local, "model.safetensors")));
        Assert.Equal("{\"model_type\":\"llama\"}", File.ReadAllText(Path.Combine(local, "config.json")));
    }

    [Fact]
    public async Task Downloads_OpenOnlyToTheRunsOwnLiveToken_AndOnlyItsOwnArtifacts()
    {
        var reference = await Grants.GrantFileAsync(_runId, RandomFile("mine.bin", 1000));
        var otherRun = NewRun();
        var otherToken = Credentials.Issue(otherRun);
        var othersReference = await Grants.GrantFileAsync(otherRun, RandomFile("theirs.bin", 1000));
        using var http = _host.CreateHttpClient();

        Assert.Equal(HttpStatusCode.OK, await GetStatusAsync(http, _runId, reference.Sha256, _token));
        Assert.Equal(HttpStatusCode.Unauthorized, await GetStatusAsync(http, _runId, reference.Sha256, null));
        Assert.Equal(HttpStatusCode.Forbidden, await GetStatusAsync(http, _runId, reference.Sha256, otherToken));      // another run's token
        Assert.Equal(HttpStatusCode.Forbidden, await GetStatusAsync(http, otherRun, othersReference.Sha256, _token));  // into another run
        Assert.Equal(HttpStatusCode.NotFound, await GetStatusAsync(http, _runId, othersReference.Sha256, _token));     // another run's file
        Assert.Equal(HttpStatusCode.BadRequest, await GetStatusAsync(http, _runId, "..%2F..%2Fetc%2Fpasswd", _token));

        Credentials.Revoke(otherRun, otherToken);   // its worker ended
        Assert.Equal(HttpStatusCode.Forbidden, await GetStatusAsync(http, otherRun, othersReference.Sha256, otherToken));
    }

    [Fact]
    public async Task LaunchDocument_OpensOnlyToItsRunsLiveToken_AndAnotherRunsTokenUploadsNothingHere()
    {
        var otherRun = NewRun();
        var otherToken = Credentials.Issue(otherRun);
        var runDirectory = _host.Services.GetRequiredService<DataPaths>().RunDirectory(_runId);
        Directory.CreateDirectory(runDirectory);
        await File.WriteAllTextAsync(Path.Combine(runDirectory, RunProtocol.Launch.LaunchDocument.FileName), "{\"runId\":1}");
        using var http = _host.CreateHttpClient();

        async Task<HttpStatusCode> LaunchStatusAsync(int runId, string? token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, WorkerArtifactRoutes.Launch(runId));
            if (token is not null) request.Headers.Add(RunProtocol.RunsHubEndpoint.TokenHeader, token);
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }
        Assert.Equal(HttpStatusCode.OK, await LaunchStatusAsync(_runId, _token));
        Assert.Equal(HttpStatusCode.Unauthorized, await LaunchStatusAsync(_runId, null));
        Assert.Equal(HttpStatusCode.Forbidden, await LaunchStatusAsync(_runId, otherToken));   // another run's worker
        Assert.Equal(HttpStatusCode.NotFound, await LaunchStatusAsync(otherRun, otherToken));  // its own run, not launched

        var bytes = RandomNumberGenerator.GetBytes(100);
        using (var foreign = UploadRequest(Convert.ToHexStringLower(SHA256.HashData(bytes)), "step-1/model.safetensors", bytes, null, null, otherToken))
            Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(foreign)).StatusCode);
        Assert.False(Directory.Exists(Path.Combine(runDirectory, "step-1")));
        Credentials.Revoke(otherRun, otherToken);
    }

    [Fact]
    public async Task FileChangedOnTheHost_IsRefusedNotServedStale()
    {
        var source = RandomFile("changing.bin", 4096);
        var reference = await Grants.GrantFileAsync(_runId, source);
        File.WriteAllBytes(source, RandomNumberGenerator.GetBytes(4096));
        File.SetLastWriteTimeUtc(source, DateTime.UtcNow.AddMinutes(1));
        using var http = _host.CreateHttpClient();
        Assert.Equal(HttpStatusCode.Conflict, await GetStatusAsync(http, _runId, reference.Sha256, _token));
    }

    [Fact]
    public async Task Checkpoint_UploadedInChunks_ResumesAfterAnInterruption_AndLandsInTheRunFolder()
    {
        var checkpoint = RandomFile("model.safetensors", (5 << 20) + 123);
        var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(checkpoint)));
        using var http = _host.CreateHttpClient();
        // The first megabyte went through before the worker lost its connection.
        using (var first = UploadRequest(sha, "step-10/model.safetensors", File.ReadAllBytes(checkpoint)[..(1 << 20)], 0, (5 << 20) + 123))
            Assert.Equal(HttpStatusCode.Accepted, (await http.SendAsync(first)).StatusCode);

        var uploader = new ArtifactUploader(http, _runId, _token, chunkBytes: 2 << 20);
        var hostPath = await uploader.UploadAsync(checkpoint, "step-10/model.safetensors");
        var runDirectory = _host.Services.GetRequiredService<DataPaths>().RunDirectory(_runId);
        Assert.Equal(Path.Combine(runDirectory, "step-10", "model.safetensors"), hostPath);
        Assert.Equal(File.ReadAllBytes(checkpoint), File.ReadAllBytes(hostPath));
        Assert.Equal((4 << 20) + 123, uploader.BytesSent);
        Assert.False(File.Exists(Path.Combine(runDirectory, ".uploads", sha + ".part")));
    }

    [Fact]
    public async Task Upload_RefusesWrongBytesBadPathsOutOfOrderChunksAndOtherRuns()
    {
        var bytes = RandomNumberGenerator.GetBytes(1000);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        using var http = _host.CreateHttpClient();

        using (var wrong = UploadRequest(new string('0', 64), "final/model.safetensors", bytes, null, null))
            await AssertProblemAsync(await http.SendAsync(wrong), HttpStatusCode.UnprocessableEntity, "sha256");
        foreach (var path in new[] { "../escape.bin", "/etc/passwd", "a//b", ".hidden", "step-1/../../x", "sp ace" })
            using (var bad = UploadRequest(sha, path, bytes, null, null))
                await AssertProblemAsync(await http.SendAsync(bad), HttpStatusCode.BadRequest, "path");
        using (var gap = UploadRequest(sha, "final/model.safetensors", bytes[500..], 500, 1000))
            await AssertProblemAsync(await http.SendAsync(gap), HttpStatusCode.Conflict, "Content-Range");
        var otherToken = Credentials.Issue(NewRun());
        using (var foreign = UploadRequest(sha, "final/model.safetensors", bytes, null, null, otherToken))
            Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(foreign)).StatusCode);
        using (var text = UploadRequest(sha, "final/model.safetensors", bytes, null, null))
        {
            text.Content!.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await http.SendAsync(text)).StatusCode);
        }
        using (var whole = UploadRequest(sha, "final/model.safetensors", bytes, null, null))
            Assert.Equal(HttpStatusCode.Created, (await http.SendAsync(whole)).StatusCode);
    }

    private HttpRequestMessage UploadRequest(string sha, string path, byte[] body, long? from, long? total, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"{WorkerArtifactRoutes.Upload(_runId, sha)}?path={Uri.EscapeDataString(path)}")
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (from is { } start) request.Content.Headers.ContentRange = new ContentRangeHeaderValue(start, start + body.Length - 1, total!.Value);
        request.Headers.Add(RunProtocol.RunsHubEndpoint.TokenHeader, token ?? _token);
        return request;
    }

    private static async Task<HttpStatusCode> GetStatusAsync(HttpClient http, int runId, string sha, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, WorkerArtifactRoutes.Artifact(runId, sha));
        if (token is not null) request.Headers.Add(RunProtocol.RunsHubEndpoint.TokenHeader, token);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {body}");
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(field, out _), body);
    }

    public void Dispose()
    {
        Grants.Revoke(_runId);
        try { Directory.Delete(_scratch, recursive: true); } catch (IOException) { }
    }
}
