using System.ComponentModel.DataAnnotations;

namespace Workbench.Web.Hosting;

/// <summary>The "Workbench" section of appsettings.json.</summary>
public sealed class WorkbenchOptions
{
    /// <summary>Folder for the SQLite database and run checkpoints; relative paths are under the content root.</summary>
    [Required] public string DataDirectory { get; set; } = "data";

    /// <summary>How many runs train at once (each in its own worker process).</summary>
    [Range(1, 64)] public int MaxConcurrentRuns { get; set; } = 1;

    /// <summary>libtorch threads per worker; 0 = all cores but one, which stays with the web server.</summary>
    [Range(0, 256)] public int TorchThreads { get; set; }

    /// <summary>How long a cancelled worker may take to stop before it is killed.</summary>
    [Range(0, 600)] public int CancelGraceSeconds { get; set; } = 10;

    /// <summary>Path of Workbench.Worker.dll; empty = worker/Workbench.Worker.dll beside the web host's own assembly.</summary>
    public string? WorkerAssembly { get; set; }

    /// <summary>
    /// Folders whose subfolders may be registered as model folders (relative paths are under the content root).
    /// &lt;DataDirectory&gt;/models is always one; the home directory only when listed here.
    /// </summary>
    public string[] ModelRoots { get; set; } = [];

    /// <summary>Create the built-in demo Hugging Face folders in <c>&lt;DataDirectory&gt;/models</c> on start and register them.</summary>
    public bool DemoModels { get; set; } = true;

    /// <summary>Intermediate <c>step-N</c> checkpoints a worker keeps besides the final one.</summary>
    [Range(1, 1000)] public int KeepCheckpoints { get; set; } = 3;

    /// <summary>MB the teacher-logit store files (<c>&lt;data&gt;/teacher-cache/logits-*.bin</c>) may take; past it the least recently used are evicted. 0 = no limit.</summary>
    [Range(0, int.MaxValue)] public long TeacherStoreBudgetMb { get; set; } = 20_000;

    /// <summary>Memory one run may plan to use, in MB; 0 = <see cref="MemoryBudgetFraction"/> of the machine's memory (of the GPU's on CUDA).</summary>
    [Range(0, int.MaxValue)] public long MemoryBudgetMb { get; set; }

    /// <summary>The share of physical (or GPU) memory a run may plan to use when <see cref="MemoryBudgetMb"/> is 0.</summary>
    [Range(0.05, 1.0)] public double MemoryBudgetFraction { get; set; } = 0.6;

    /// <summary>A worker's hard memory limit (resident memory) in MB; 0 = the run's estimate × 1.5, at least 1 GB, at most the RAM budget.</summary>
    [Range(0, int.MaxValue)] public long WorkerMemoryLimitMb { get; set; }

    /// <summary>
    /// The native allocator workers run with: <c>tcmalloc</c> (default: preloaded where the machine starting the worker has
    /// <c>libtcmalloc_minimal.so.4</c>, else glibc) or <c>glibc</c>. See <see cref="RunProtocol.Launch.WorkerAllocator"/>.
    /// </summary>
    [AllowedValues(RunProtocol.Launch.WorkerAllocator.Tcmalloc, RunProtocol.Launch.WorkerAllocator.Glibc)]
    public string WorkerAllocator { get; set; } = RunProtocol.Launch.WorkerAllocator.Tcmalloc;

    /// <summary>
    /// How workers' idle OpenMP threads wait: <c>bounded</c> (default: spin briefly, then sleep), <c>passive</c> (sleep at
    /// once) or <c>active</c> (spin always; for nodes whose cores are the worker's alone). See <see cref="RunProtocol.Launch.WorkerThreadWait"/>.
    /// </summary>
    [AllowedValues(RunProtocol.Launch.WorkerThreadWait.Bounded, RunProtocol.Launch.WorkerThreadWait.Passive, RunProtocol.Launch.WorkerThreadWait.Active)]
    public string WorkerThreadWait { get; set; } = RunProtocol.Launch.WorkerThreadWait.Bounded;

    /// <summary>The store: SQLite in the data directory (default), or PostgreSQL, which several hosts can share.</summary>
    public DatabaseOptions Database { get; set; } = new();

    /// <summary>
    /// A Redis server (StackExchange.Redis configuration, "host:port"); empty = none. With several hosts, SignalR groups
    /// and the pages' live feed cross hosts through it.
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>This host's name in run leases; empty = the machine name. Hosts sharing a machine and a database need distinct ones.</summary>
    [MaxLength(128)] public string? HostId { get; set; }

    /// <summary>How long a host holds a run it no longer renews (it renews every third of this); then another host recovers it.</summary>
    [Range(3, 3600)] public int RunLeaseSeconds { get; set; } = 30;

    /// <summary>The worker's folder beside the web host: the worker's own build output, copied there by the host's build.</summary>
    public const string WorkerFolder = "worker";

    /// <summary>The worker assembly: <see cref="WorkerAssembly"/>, or worker/Workbench.Worker.dll beside the web host.</summary>
    public string ResolveWorkerAssembly() => string.IsNullOrWhiteSpace(WorkerAssembly)
        ? Path.Combine(AppContext.BaseDirectory, WorkerFolder, "Workbench.Worker.dll")
        : Path.GetFullPath(WorkerAssembly);

    public string ResolveDataDirectory(string contentRoot) =>
        Path.GetFullPath(Path.IsPathRooted(DataDirectory) ? DataDirectory : Path.Combine(contentRoot, DataDirectory));
}
