using Microsoft.Extensions.Options;
using Workbench.Web.Hosting;

namespace Workbench.Web.Executors;

/// <summary>The default executor: the worker is a child process of this server (<see cref="WorkerProcess"/>), as before executors existed.</summary>
public sealed class LocalExecutor(IOptions<ExecutorOptions> options, ILogger<LocalExecutor> logger) : IRunExecutor
{
    public string Kind => ExecutorOptions.Local;

    public Uri? WorkerHostUri => null;

    /// <summary>False only when configured so (<see cref="ExecutorOptions.SharedPaths"/>): a worker here that behaves as one elsewhere.</summary>
    public bool SharedDisk => options.Value.SharedPaths;

    public Task<IWorkerHandle> StartAsync(int runId, WorkerLaunch launch, RunResourceRequest resources, CancellationToken ct) =>
        Task.FromResult<IWorkerHandle>(WorkerProcess.Start(runId, launch, logger));

    /// <summary>Never: another host's worker is that host's child process, on its machine.</summary>
    public Task<IWorkerHandle?> AttachAsync(int runId, string location, CancellationToken ct) => Task.FromResult<IWorkerHandle?>(null);
}
