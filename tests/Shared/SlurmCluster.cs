using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Workbench.Tests.Shared;

/// <summary>
/// A real one-node Slurm cluster on loopback in a temp folder: munged with its own key and socket, slurmctld and slurmd
/// (as root, as CI runs) with their own ports, state, spool and logs. No accounting daemon, so sacct has nothing and the
/// executor reads a finished job from <c>scontrol show job</c> (MinJobAge keeps it there for 10 minutes).
/// </summary>
public sealed class SlurmCluster : IAsyncDisposable
{
    private readonly List<string> _pidFiles = [];

    public string Directory { get; }
    public string ConfigFile => Path.Combine(Directory, "slurm.conf");
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["SLURM_CONF"] = ConfigFile };

    private SlurmCluster(string directory) => Directory = directory;

    public static async Task<SlurmCluster> StartAsync()
    {
        foreach (var binary in new[] { "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/sbin/munged", "/usr/bin/sbatch" })
            if (!File.Exists(binary)) throw new InvalidOperationException($"{binary} is missing: install slurm-wlm and munge (.ci/debian-packages).");
        // Short: the munge socket path must fit a sockaddr_un.
        var cluster = new SlurmCluster(System.IO.Directory.CreateTempSubdirectory("wbslurm-").FullName);
        try
        {
            await cluster.StartDaemonsAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    private async Task StartDaemonsAsync()
    {
        var d = Directory;
        foreach (var sub in new[] { "munge", "state", "spool", "log" }) System.IO.Directory.CreateDirectory(Path.Combine(d, sub));
        if (OperatingSystem.IsLinux())   // munged wants its socket's folder searchable by all, writable by its owner only
            File.SetUnixFileMode(Path.Combine(d, "munge"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        await RunAsync("/usr/sbin/mungekey", "-c", "-k", $"{d}/munge/munge.key");
        await RunAsync("/usr/sbin/munged", "-f", $"--socket={d}/munge/munge.sock", $"--key-file={d}/munge/munge.key",
            $"--pid-file={d}/munge/munged.pid", $"--log-file={d}/log/munged.log", $"--seed-file={d}/munge/munged.seed");
        _pidFiles.Add($"{d}/munge/munged.pid");

        var host = (await RunAsync("/usr/bin/hostname", "-s")).Trim();
        var (controllerPort, nodePort) = (FreePort(), FreePort());
        await File.WriteAllTextAsync(ConfigFile, $"""
            ClusterName=wbtest
            SlurmctldHost={host}(127.0.0.1)
            SlurmctldPort={controllerPort}
            SlurmdPort={nodePort}
            AuthType=auth/munge
            CredType=cred/munge
            AuthInfo=socket={d}/munge/munge.sock
            SlurmUser=root
            SlurmdUser=root
            StateSaveLocation={d}/state
            SlurmdSpoolDir={d}/spool
            SlurmctldPidFile={d}/slurmctld.pid
            SlurmdPidFile={d}/slurmd.pid
            SlurmctldLogFile={d}/log/slurmctld.log
            SlurmdLogFile={d}/log/slurmd.log
            ProctrackType=proctrack/linuxproc
            TaskPlugin=task/none
            JobAcctGatherType=jobacct_gather/none
            AccountingStorageType=accounting_storage/none
            JobCompType=jobcomp/none
            MpiDefault=none
            SchedulerType=sched/builtin
            SelectType=select/cons_tres
            SelectTypeParameters=CR_CPU_Memory
            ReturnToService=2
            MinJobAge=600
            InactiveLimit=0
            KillWait=5
            NodeName={host} NodeAddr=127.0.0.1 CPUs=2 RealMemory=8000 State=UNKNOWN
            PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP

            """);
        await RunAsync("/usr/sbin/slurmctld", "-i", "-f", ConfigFile);
        _pidFiles.Add($"{d}/slurmctld.pid");
        await RunAsync("/usr/sbin/slurmd", "-f", ConfigFile);
        _pidFiles.Add($"{d}/slurmd.pid");

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await RunAsync("/usr/bin/sinfo", "-h", "-o", "%T")).Trim() != "idle")
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The Slurm node did not become idle: {await File.ReadAllTextAsync($"{d}/log/slurmctld.log")}");
            await Task.Delay(250);
        }
    }

    /// <summary>Runs a command with this cluster's SLURM_CONF; throws with its stderr when it fails.</summary>
    public async Task<string> RunAsync(string command, params string[] arguments)
    {
        var info = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["SLURM_CONF"] = ConfigFile;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} exited {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        // Jobs first: their processes are slurmstepd's, which outlives slurmd, so a job still running when a test ends
        // (a failed test's, or one it leaves running) would otherwise train on with no cluster around it.
        try
        {
            await RunAsync("/usr/bin/scancel", $"--user={System.Environment.UserName}");
            for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline && (await RunAsync("/usr/bin/squeue", "-h")).Trim().Length > 0;)
                await Task.Delay(250);
        }
        catch (InvalidOperationException) { }   // the controller never came up
        // Stop what this fixture started, by the ids in its own pid files, newest first.
        foreach (var pidFile in Enumerable.Reverse(_pidFiles))
        {
            if (!File.Exists(pidFile) || !int.TryParse((await File.ReadAllTextAsync(pidFile)).Trim(), out var pid)) continue;
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or TimeoutException) { }
        }
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
