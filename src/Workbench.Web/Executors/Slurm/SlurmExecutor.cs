using Microsoft.Extensions.Options;
using Workbench.Web.Hosting;

namespace Workbench.Web.Executors.Slurm;

/// <summary>The <c>slurm</c> executor: each run is one <c>sbatch</c> job (<see cref="SlurmJobScript"/>), watched by <see cref="SlurmJob"/>.</summary>
public sealed class SlurmExecutor(IOptions<ExecutorOptions> options, ILogger<SlurmExecutor> logger) : IRunExecutor
{
    private readonly SlurmCli _cli = new(options.Value.Slurm);

    public string Kind => ExecutorOptions.SlurmKind;

    public Uri? WorkerHostUri => options.Value.ResolveHostUri();

    public bool SharedDisk => options.Value.SharedPaths;

    public async Task<IWorkerHandle> StartAsync(int runId, WorkerLaunch launch, RunResourceRequest resources, CancellationToken ct)
    {
        var slurm = options.Value.Slurm;
        var workDirectory = string.IsNullOrWhiteSpace(slurm.WorkDirectory) ? launch.RunDirectory : Path.Combine(slurm.WorkDirectory, $"run-{runId}");
        var script = SlurmJobScript.Render(runId, launch, resources, slurm, workDirectory);
        var submitted = await _cli.RunAsync("sbatch", ["--parsable"], stdin: script, ct: ct);
        if (!submitted.Succeeded || submitted.Stdout.Split(';')[0] is not { Length: > 0 } jobId || !jobId.All(char.IsAsciiDigit))
            throw new InvalidOperationException($"sbatch refused the job: {(submitted.Stderr.Length > 0 ? submitted.Stderr : submitted.Stdout)}");
        logger.LogInformation("Run {RunId} submitted as Slurm job {JobId} ({Cpus} CPUs, {Memory} MB, {Gpus} GPUs)", runId, jobId, resources.Cpus, resources.MemoryMb, resources.Gpus);
        var output = options.Value.SharedPaths ? Path.Combine(workDirectory, $"slurm-{jobId}.out") : null;
        return new SlurmJob(runId, launch.Token, jobId, _cli, TimeSpan.FromSeconds(slurm.PollSeconds), output, logger);
    }
}
