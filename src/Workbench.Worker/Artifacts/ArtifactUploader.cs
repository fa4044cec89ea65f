using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Workbench.Experiments;
using Workbench.Experiments.Artifacts;

namespace Workbench.Worker.Artifacts;

/// <summary>
/// Sends a checkpoint file to the host in chunks (<c>Content-Range</c>), asking first how much the host already holds, so an
/// interrupted upload continues where it stopped; the host checks the whole file's SHA-256 before it keeps it.
/// </summary>
public sealed class ArtifactUploader(HttpClient http, int runId, string token, int chunkBytes = 8 << 20)
{
    /// <summary>Bytes sent over the network so far.</summary>
    public long BytesSent { get; private set; }

    /// <param name="relativePath">Its place in the run's folder on the host, e.g. <c>step-100/model.safetensors</c>.</param>
    /// <returns>The file's path on the host.</returns>
    public async Task<string> UploadAsync(string file, string relativePath, CancellationToken ct = default)
    {
        var sha = await ArtifactFetcher.Sha256Async(file, ct);
        var total = new FileInfo(file).Length;
        var route = WorkerArtifactRoutes.Upload(runId, sha);
        var offset = await ReceivedAsync(route, ct);
        await using var stream = File.OpenRead(file);
        var buffer = new byte[Math.Max(1, (int)Math.Min(chunkBytes, Math.Max(total, 1)))];
        while (true)
        {
            stream.Position = offset;
            var length = total == 0 ? 0 : await stream.ReadAtLeastAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, total - offset)), (int)Math.Min(buffer.Length, total - offset), throwOnEndOfStream: true, ct);
            using var request = new HttpRequestMessage(HttpMethod.Put, $"{route}?path={Uri.EscapeDataString(relativePath)}")
            {
                Content = new ByteArrayContent(buffer, 0, length),
            };
            request.Headers.Add(RunProtocol.RunsHubEndpoint.TokenHeader, token);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            if (total > 0) request.Content.Headers.ContentRange = new ContentRangeHeaderValue(offset, offset + length - 1, total);
            using var response = await http.SendAsync(request, ct);
            BytesSent += length;
            switch (response.StatusCode)
            {
                case HttpStatusCode.Created:
                    return (await response.Content.ReadFromJsonAsync<UploadDone>(ct))!.Path;
                case HttpStatusCode.Accepted:
                    offset = (await response.Content.ReadFromJsonAsync<UploadState>(ct))!.Received;
                    break;
                case HttpStatusCode.Conflict:   // the host holds a different amount (an earlier attempt got further): continue from there
                    offset = await ReceivedAsync(route, ct);
                    break;
                default:
                    throw new InvalidOperationException($"{relativePath}: the host refused the upload ({(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}).");
            }
        }
    }

    private async Task<long> ReceivedAsync(string route, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, route);
        request.Headers.Add(RunProtocol.RunsHubEndpoint.TokenHeader, token);
        using var response = await http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<UploadState>(ct))!.Received;
    }

    private sealed record UploadState(long Received);

    private sealed record UploadDone(string Path, string Sha256, long Size);
}
