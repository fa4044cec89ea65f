using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Workbench.Experiments;
using Workbench.Experiments.Artifacts;

namespace Workbench.Worker.Artifacts;

/// <summary>
/// Turns a remote artifact (<see cref="ArtifactReference"/>) into a local file in a content-addressed cache:
/// <c>&lt;cache&gt;/&lt;sha256&gt;/&lt;name&gt;</c>. A cached file is used when it still has its SHA-256 (checked once per
/// length and write time, <see cref="VerifiedStamps"/>), else fetched again; an interrupted download continues from its
/// <c>.part</c> file with a Range request; every arrival is checked against the SHA-256, and a file that fails the check is
/// discarded and fetched once more from the start (a second failure throws <see cref="InvalidDataException"/>).
/// </summary>
public sealed class ArtifactFetcher(HttpClient http, int runId, string token, string cacheDirectory)
{
    private const int Attempts = 5;
    private readonly VerifiedStamps _stamps = new(cacheDirectory);

    /// <summary>Bytes received over the network so far (a resumed download counts only its rest).</summary>
    public long BytesReceived { get; private set; }

    public async Task<string> FetchAsync(ArtifactReference artifact, CancellationToken ct = default)
    {
        if (!ArtifactReference.IsSha256(artifact.Sha256)) throw new ArgumentException($"Not a SHA-256: {artifact.Sha256}", nameof(artifact));
        var name = SafeName(artifact.Name);
        var folder = Path.Combine(cacheDirectory, artifact.Sha256);
        var final = Path.Combine(folder, name);
        if (await HoldsAsync(final, artifact, ct)) return final;
        Directory.CreateDirectory(folder);
        var part = final + ".part";
        var restarted = false;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await DownloadRestAsync(artifact, part, ct);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException && attempt < Attempts && !ct.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), ct);   // the .part file keeps what arrived
                continue;
            }
            if (await Sha256Async(part, ct) == artifact.Sha256 && new FileInfo(part).Length == artifact.Size)
            {
                File.Move(part, final, overwrite: true);
                _stamps.Record(final, artifact.Sha256);
                return final;
            }
            File.Delete(part);
            if (restarted) throw new InvalidDataException($"{artifact.Name}: the download does not have SHA-256 {artifact.Sha256}.");
            restarted = true;   // a stale or corrupt .part: once more from byte 0
        }
    }

    /// <summary>Every file of a folder artifact (a Hugging Face model, a step-N checkpoint), in one folder under the cache.</summary>
    public async Task<string> FetchFolderAsync(string folderName, IReadOnlyList<ArtifactReference> files, CancellationToken ct = default)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', files.Select(f => $"{f.Sha256} {f.Name}")))));
        var folder = Path.Combine(cacheDirectory, "folders", key, SafeName(folderName));
        foreach (var file in files)
        {
            var relative = string.Join(Path.DirectorySeparatorChar, file.Name.Split('/').Select(SafeName));
            var target = Path.Combine(folder, relative);
            if (await HoldsAsync(target, file, ct)) continue;
            var cached = await FetchAsync(file with { Name = Path.GetFileName(relative) }, ct);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(cached, target, overwrite: true);
            _stamps.Record(target, file.Sha256);
        }
        return folder;
    }

    private async Task DownloadRestAsync(ArtifactReference artifact, string part, CancellationToken ct)
    {
        var have = File.Exists(part) ? new FileInfo(part).Length : 0;
        if (have >= artifact.Size && artifact.Size > 0) return;   // all there: the check decides
        // The host's URL for it when it names one of its own worker routes (the token goes nowhere else).
        var route = artifact.Url is { } url && url.StartsWith(WorkerArtifactRoutes.Prefix + "/", StringComparison.Ordinal) ? url : WorkerArtifactRoutes.Artifact(runId, artifact.Sha256);
        using var request = new HttpRequestMessage(HttpMethod.Get, route);
        request.Headers.Add(RunProtocol.RunsHubEndpoint.TokenHeader, token);
        if (have > 0)
        {
            request.Headers.Range = new RangeHeaderValue(have, null);
            request.Headers.IfRange = new RangeConditionHeaderValue(new EntityTagHeaderValue($"\"{artifact.Sha256}\""));
        }
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Conflict)
            throw new InvalidOperationException($"{artifact.Name}: the host refused the download ({(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}).");
        response.EnsureSuccessStatusCode();
        var append = response.StatusCode == HttpStatusCode.PartialContent;   // else the host sent the whole file: start over
        await using var file = new FileStream(part, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[1 << 16];
        int read;
        while ((read = await body.ReadAsync(buffer, ct)) > 0)
        {
            await file.WriteAsync(buffer.AsMemory(0, read), ct);
            BytesReceived += read;
        }
    }

    // True when the file is there with the artifact's bytes; a file that is not is removed.
    private async Task<bool> HoldsAsync(string path, ArtifactReference artifact, CancellationToken ct)
    {
        var info = new FileInfo(path);
        if (!info.Exists) return false;
        if (info.Length == artifact.Size && (_stamps.Says(path, artifact.Sha256) || await Sha256Async(path, ct) == artifact.Sha256))
        {
            _stamps.Record(path, artifact.Sha256);
            return true;
        }
        File.Delete(path);
        return false;
    }

    internal static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }

    // A name from the host never leaves the cache folder.
    private static string SafeName(string name)
    {
        var safe = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_').ToArray()).TrimStart('.');
        return safe.Length == 0 ? "artifact" : safe;
    }
}
