namespace Workbench.Web.Executors;

/// <summary>The "Workbench:Executor:Slurm" section: how this server reaches Slurm and how a job starts the worker.</summary>
public sealed class SlurmOptions
{
    /// <summary>Folder holding sbatch, squeue, sacct, scontrol and scancel; empty = found on PATH.</summary>
    public string? BinDirectory { get; set; }

    /// <summary>Extra environment for the Slurm commands (e.g. <c>SLURM_CONF</c>); the job itself gets only what its script sets.</summary>
    public Dictionary<string, string> Environment { get; set; } = [];

    /// <summary>The dotnet host on the compute nodes; empty = this server's own.</summary>
    public string? Dotnet { get; set; }

    /// <summary>Workbench.Worker.dll on the compute nodes; empty = this server's (Workbench:WorkerAssembly).</summary>
    public string? WorkerAssembly { get; set; }

    /// <summary>Folder for the job's working directory and its output file on the nodes; empty = the run's folder (shared paths).</summary>
    public string? WorkDirectory { get; set; }

    public string? Account { get; set; }
    public string? Qos { get; set; }

    /// <summary>GRES name of a GPU (<c>--gres=gpu:N</c>); some sites name types, e.g. <c>gpu:a100</c>.</summary>
    public string GpuGres { get; set; } = "gpu";

    /// <summary>More <c>#SBATCH</c> lines, verbatim without the prefix (e.g. <c>--constraint=ib</c>).</summary>
    public string[] ExtraDirectives { get; set; } = [];

    /// <summary>How often a job's state is polled (squeue), in seconds.</summary>
    public double PollSeconds { get; set; } = 2;
}
