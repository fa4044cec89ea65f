using System.ComponentModel.DataAnnotations;

namespace Workbench.Web.Executors;

/// <summary>The "Workbench:Executor" section of appsettings.json: where run workers run.</summary>
public sealed class ExecutorOptions
{
    public const string Local = "local";
    public const string SlurmKind = "slurm";
    public const string KubernetesKind = "kubernetes";
    public static IReadOnlyList<string> Kinds { get; } = [Local, SlurmKind, KubernetesKind];

    /// <summary><c>local</c> (a child process of this server, the default), <c>slurm</c> or <c>kubernetes</c>.</summary>
    [Required] public string Kind { get; set; } = Local;

    /// <summary>
    /// The URL workers reach this server at (hub and artifact endpoints), e.g. <c>http://head-node:5080</c>; empty = the
    /// server's loopback address, which only a worker on this machine can use.
    /// </summary>
    public string? HostUrl { get; set; }

    /// <summary>
    /// The other web hosts sharing this one's database and Redis, as workers reach them: written into each launch document
    /// after this host's URL, so a worker whose host dies reports (and delivers its spool) to the next one. Empty = none.
    /// </summary>
    public List<string> FailoverHostUrls { get; set; } = [];

    /// <summary>
    /// Whether workers see this server's data directory and model roots at the same paths (one machine, or a shared file
    /// system mounted alike). When false, workers fetch their inputs over HTTP (<c>/api/worker/runs/{id}/artifacts</c>)
    /// and upload checkpoints the same way.
    /// </summary>
    public bool SharedPaths { get; set; } = true;

    /// <summary>
    /// The working folder of a worker that shares no disk with this server, on the worker's machine: it holds
    /// <c>runs/&lt;id&gt;</c> (checkpoints before their upload), <c>artifacts/</c> (fetched inputs by SHA-256, kept for the
    /// next run) and <c>teacher-cache/</c>. Empty = <c>workbench-worker</c> in the system's temporary folder.
    /// </summary>
    public string? WorkerDirectory { get; set; }

    public string ResolveWorkerDirectory() =>
        string.IsNullOrWhiteSpace(WorkerDirectory) ? Path.Combine(Path.GetTempPath(), "workbench-worker") : WorkerDirectory;

    /// <summary>Resources a run asks for when its config's <c>resources</c> section leaves them out.</summary>
    public RunResourceDefaults Defaults { get; set; } = new();

    public SlurmOptions Slurm { get; set; } = new();

    public KubernetesOptions Kubernetes { get; set; } = new();

    public Uri? ResolveHostUri() => string.IsNullOrWhiteSpace(HostUrl) ? null : new Uri(HostUrl, UriKind.Absolute);
}

/// <summary>Default resources of a run on a cluster executor (<see cref="ExecutorOptions.Defaults"/>).</summary>
public sealed class RunResourceDefaults
{
    [Range(1, 1024)] public int Cpus { get; set; } = 2;

    /// <summary>Memory in MB; 0 = the run's memory estimate × 1.5, at least 1 GB (as the local memory limit).</summary>
    [Range(0, int.MaxValue)] public long MemoryMb { get; set; }

    [Range(0, 64)] public int Gpus { get; set; }

    /// <summary>Wall-clock limit in minutes; 0 = the engine's default.</summary>
    [Range(0, 525_600)] public int TimeMinutes { get; set; }

    /// <summary>Slurm partition; empty = the cluster's default.</summary>
    public string? Partition { get; set; }
}
