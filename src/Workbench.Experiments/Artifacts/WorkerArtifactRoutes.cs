namespace Workbench.Experiments.Artifacts;

/// <summary>
/// Where a worker that shares no disk with the host fetches its launch document and inputs and uploads its checkpoints.
/// Every request carries the run's worker token in the <c>X-Workbench-Worker-Token</c> header
/// (<c>Workbench.RunProtocol.RunsHubEndpoint.TokenHeader</c>); the host answers only for that run's own artifacts.
/// </summary>
public static class WorkerArtifactRoutes
{
    public const string Prefix = "/api/worker";

    /// <summary>GET: the run's launch document (JSON), as the host wrote it at launch.</summary>
    public static string Launch(int runId) => $"{Prefix}/runs/{runId}/launch";

    /// <summary>GET (with Range) or HEAD: a granted input of the run, by SHA-256.</summary>
    public static string Artifact(int runId, string sha256) => $"{Prefix}/runs/{runId}/artifacts/{sha256}";

    /// <summary>GET: how many bytes of an upload the host holds (<c>{"received": n}</c>); PUT with Content-Range: the next chunk.</summary>
    public static string Upload(int runId, string sha256) => $"{Prefix}/runs/{runId}/uploads/{sha256}";
}
