using Microsoft.Extensions.Options;
using Workbench.Web.Hosting;

namespace Workbench.Web.Executors.Slurm;

/// <summary>The <c>slurm</c> executor: each run is one <c>sbatch</c> job (<see cref="SlurmJobScript"/>), watched by <see cref="SlurmJob"/>.</summary>
public sealed class SlurmExecutor(IOptions<ExecutorOptions> options, DataPaths paths, ILogger<SlurmExecutor> logger) : IRunExecutor
{
    private readonly SlurmCli _cli = new(options.Value.Slurm);

    public string Kind => ExecutorOptions.SlurmKind;

    public Uri? WorkerHostUri => options.Value.ResolveHostUri();

    public bool SharedDisk => options.Value.SharedPaths;

    public async Task<IWorkerHandle> StartAsync(int runId, WorkerLaunch launch, RunResourceRequest resources, CancellationToken ct)
    {
        var workDirectory = WorkDirectory(runId, launch.RunDirectory);
        var script = SlurmJobScript.Render(runId, launch, resources, options.Value.Slurm, workDirectory);
        var submitted = await _cli.RunAsync("sbatch", ["--parsable"], stdin: script, ct: ct);
        if (!submitted.Succeeded || submitted.Stdout.Split(';')[0] is not { Length: > 0 } jobId || !jobId.All(char.IsAsciiDigit))
            throw new InvalidOperationException($"sbatch refused the job: {(submitted.Stderr.Length > 0 ? submitted.Stderr : submitted.Stdout)}");
        logger.LogInformation("Run {RunId} submitted as Slurm job {JobId} ({Cpus} CPUs, {Memory} MB, {Gpus} GPUs)", runId, jobId, resources.Cpus, resources.MemoryMb, resources.Gpus);
        return Job(runId, jobId, workDirectory);
    }

    /// <summary>
    /// The job of <c>slurm:1234</c>, if squeue or scontrol still names it as this run's (<see cref="SlurmJobScript.JobName"/>):
    /// a job id that slurmctld has forgotten or reused is not this run's to cancel. A job that has ended already is
    /// attached too; its first poll reports how it ended.
    /// </summary>
    public async Task<IWorkerHandle?> AttachAsync(int runId, string location, CancellationToken ct)
    {
        if (!location.StartsWith($"{Kind}:", StringComparison.Ordinal) || location[(Kind.Length + 1)..] is not { Length: > 0 } jobId
            || !jobId.All(char.IsAsciiDigit))
            return null;
        var name = await _cli.RunAsync("scontrol", ["show", "job", "-o", jobId], ct: ct);
        if (!name.Succeeded || !name.Stdout.Contains($" JobName={SlurmJobScript.JobName(runId)} ", StringComparison.Ordinal))
        {
            logger.LogWarning("Run {RunId}: Slurm job {JobId} is not this run's job (or slurmctld has forgotten it); not attached", runId, jobId);
            return null;
        }
        logger.LogInformation("Run {RunId}: attached to Slurm job {JobId}, started by another host", runId, jobId);
        return Job(runId, jobId, WorkDirectory(runId, paths.RunDirectory(runId)));
    }

    private string WorkDirectory(int runId, string runDirectory) =>
        string.IsNullOrWhiteSpace(options.Value.Slurm.WorkDirectory) ? runDirectory : Path.Combine(options.Value.Slurm.WorkDirectory, $"run-{runId}");

    private SlurmJob Job(int runId, string jobId, string workDirectory)
    {
        var output = options.Value.SharedPaths ? Path.Combine(workDirectory, $"slurm-{jobId}.out") : null;
        return new SlurmJob(runId, jobId, _cli, TimeSpan.FromSeconds(options.Value.Slurm.PollSeconds), output, logger);
    }
}
