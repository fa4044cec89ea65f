using System.Globalization;
using Workbench.Web.Hosting;

namespace Workbench.Web.Executors.Slurm;

/// <summary>
/// The batch script of one run: <c>#SBATCH</c> lines from the run's resources, then the worker under
/// <see cref="WorkerWrapperScript"/>. The script goes to sbatch on stdin (never a file), so the token in it is kept only by
/// slurmctld, readable by the job's owner and the Slurm administrators. <c>scancel --full --signal=USR1</c> makes the
/// worker stop cleanly; a plain <c>scancel</c> ends it.
/// </summary>
public static class SlurmJobScript
{
    public const string CancelSignal = "USR1";

    public static string JobName(int runId) => $"workbench-run-{runId}";

    public static string Render(int runId, WorkerLaunch launch, RunResourceRequest resources, SlurmOptions options, string workDirectory)
    {
        var directives = new List<string>
        {
            $"--job-name={JobName(runId)}",
            $"--chdir={workDirectory}",
            $"--output={Path.Combine(workDirectory, "slurm-%j.out")}",
            "--nodes=1",
            "--ntasks=1",
            $"--cpus-per-task={resources.Cpus}",
            $"--mem={resources.MemoryMb}M",
            "--export=NONE",
            "--no-requeue",
        };
        if (resources.Gpus > 0) directives.Add($"--gres={options.GpuGres}:{resources.Gpus}");
        if (resources.TimeMinutes is { } minutes) directives.Add($"--time={minutes}");
        if (resources.Partition is { } partition) directives.Add($"--partition={partition}");
        if (!string.IsNullOrWhiteSpace(options.Account)) directives.Add($"--account={options.Account}");
        if (!string.IsNullOrWhiteSpace(options.Qos)) directives.Add($"--qos={options.Qos}");
        directives.AddRange(options.ExtraDirectives);
        foreach (var directive in directives)
            if (directive.Contains('\n') || directive.Contains('\r')) throw new ArgumentException($"A Slurm directive holds a line break: {directive}");

        var dotnet = string.IsNullOrWhiteSpace(options.Dotnet) ? WorkerProcess.DotnetHost() : options.Dotnet;
        var assembly = string.IsNullOrWhiteSpace(options.WorkerAssembly) ? launch.WorkerAssembly : options.WorkerAssembly;
        var command = "exec " + ShellQuote.Words([dotnet, "exec", assembly, .. launch.Arguments]);
        var threads = Math.Max(1, resources.Cpus - 1).ToString(CultureInfo.InvariantCulture);
        return $"""
            #!/bin/bash
            {string.Join('\n', directives.Select(d => $"#SBATCH {d}"))}
            # Workbench run {runId}: the worker reports to the host over HTTP; its token is its first stdin line.
            set -u
            export {RunProtocol.Launch.WorkerThreadWait.ExportWords(launch.ThreadWait)} OMP_NUM_THREADS={threads} DOTNET_CLI_TELEMETRY_OPTOUT=1
            {RunProtocol.Launch.WorkerAllocator.ShellLine(launch.Allocator)}
            {WorkerWrapperScript.Render($"printf '%s\\n' {ShellQuote.Word(launch.Token)}", command, $"{CancelSignal} TERM")}

            """;
    }
}
