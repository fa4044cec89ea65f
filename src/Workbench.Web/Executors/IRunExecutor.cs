using Workbench.Web.Hosting;

namespace Workbench.Web.Executors;

/// <summary>Starts a run's worker on some engine (<see cref="ExecutorOptions.Kind"/>): this machine, Slurm or Kubernetes.</summary>
public interface IRunExecutor
{
    /// <summary><c>local</c>, <c>slurm</c> or <c>kubernetes</c>.</summary>
    string Kind { get; }

    /// <summary>
    /// The base URL the worker reaches this server at; null = the server's loopback address (a worker on this machine).
    /// </summary>
    Uri? WorkerHostUri { get; }

    /// <summary>
    /// Whether its workers read this server's data directory at the same paths. When false, a worker fetches its launch
    /// document and inputs over HTTP and uploads its checkpoints (the worker artifact endpoints).
    /// </summary>
    bool SharedDisk { get; }

    Task<IWorkerHandle> StartAsync(int runId, WorkerLaunch launch, RunResourceRequest resources, CancellationToken ct);

    /// <summary>
    /// A handle on a worker another host started (<see cref="IWorkerHandle.Location"/> as recorded on the run), for a host
    /// that adopted the run after that host died: it cancels, watches and reaps the job as if it had started it. Null when
    /// this executor cannot reach it (a local worker is another machine's child process) or the location is not its kind.
    /// </summary>
    Task<IWorkerHandle?> AttachAsync(int runId, string location, CancellationToken ct);
}
