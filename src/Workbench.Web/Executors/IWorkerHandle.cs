namespace Workbench.Web.Executors;

/// <summary>
/// One worker training one run, wherever it runs: a child process here, a Slurm job, a Kubernetes Job. The scheduler
/// watches <see cref="Exited"/>, cancels through <see cref="CancelAsync"/> and stops it at shutdown with <see cref="Kill"/>.
/// </summary>
public interface IWorkerHandle : IDisposable
{
    int RunId { get; }

    /// <summary>Where and as which job the run runs: <c>local:pid 4242</c>, <c>slurm:1234</c>, <c>kubernetes:workbench/wb-run-7</c>.</summary>
    string Location { get; }

    bool CancelRequested { get; }

    /// <summary>Completes when the worker has ended, with how it ended.</summary>
    Task<WorkerOutcome> Exited { get; }

    /// <summary>Asks the worker to stop cleanly (it saves a checkpoint); ends it for good after <paramref name="grace"/>.</summary>
    Task CancelAsync(TimeSpan grace);

    /// <summary>Ends the worker now (server shutdown).</summary>
    void Kill();
}
