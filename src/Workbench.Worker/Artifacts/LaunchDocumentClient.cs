using System.Net;
using Workbench.Experiments.Artifacts;
using Workbench.RunProtocol.Launch;

namespace Workbench.Worker.Artifacts;

/// <summary>
/// Reads a run's launch document from its host (<see cref="WorkerArtifactRoutes.Launch"/>), for a worker that cannot read
/// the run folder: <c>--host URL --run-id N</c> with the run's token as the first stdin line. Retried while the host is
/// unreachable (it may be restarting); a refusal (wrong token, no such run) is final.
/// </summary>
public static class LaunchDocumentClient
{
    private const int Attempts = 5;

    public static async Task<LaunchDocument> FetchAsync(Uri host, int runId, string token, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = host };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, WorkerArtifactRoutes.Launch(runId));
                request.Headers.Add(RunProtocol.RunsHubEndpoint.TokenHeader, token);
                using var response = await http.SendAsync(request, ct);
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
                    throw new InvalidOperationException($"The host refused run {runId}'s launch document ({(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}).");
                response.EnsureSuccessStatusCode();
                return LaunchDocumentJson.Deserialize(await response.Content.ReadAsStringAsync(ct));
            }
            catch (HttpRequestException) when (attempt < Attempts && !ct.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(attempt), ct);
            }
        }
    }
}
