using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Workbench.Web.Executors;

/// <summary>
/// One worker process training one run. Its first stdin line is the run's token (see <see cref="Live.WorkerCredentials"/>).
/// Cancel = a line on its stdin (the worker stops cleanly and saves a checkpoint), then a kill after the grace period.
/// Stdin closing also stops the worker, so a worker never outlives a crashed server. A <see cref="MemoryWatchdog"/> kills
/// it past its memory limit. The <c>local</c> executor (<see cref="LocalExecutor"/>).
/// </summary>
public sealed class WorkerProcess : IWorkerHandle
{
    private const int StderrLines = 20;
    private readonly Process _process;
    private readonly Queue<string> _stderrTail = new();
    private readonly ILogger _logger;
    private MemoryWatchdog? _watchdog;

    public int RunId { get; }
    public bool CancelRequested { get; private set; }
    public Task<int> ExitCode { get; }
    public Task<WorkerOutcome> Exited { get; }
    public string Location => $"{ExecutorOptions.Local}:pid {_pid}";
    private int _pid;

    /// <summary>Set when the watchdog killed the worker: its limit and the peak resident memory seen, in bytes.</summary>
    public (long Limit, long Peak)? MemoryExceeded => _watchdog is { Exceeded: true } w ? (w.LimitBytes, w.PeakBytes) : null;

    private WorkerProcess(int runId, Process process, ILogger logger)
    {
        RunId = runId;
        _process = process;
        _logger = logger;
        var exited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => exited.TrySetResult(_process.ExitCode);
        _process.ErrorDataReceived += (_, e) => OnStderr(e.Data);
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _logger.LogDebug("worker {RunId}: {Line}", RunId, e.Data); };
        ExitCode = exited.Task;
        Exited = ExitCode.ContinueWith(t => Outcome(t.Result), TaskScheduler.Default);
    }

    private WorkerOutcome Outcome(int exitCode) => MemoryExceeded is { } memory
        ? new(exitCode, $"Worker exceeded its memory limit of {memory.Limit >> 20} MB (peak {memory.Peak >> 20} MB). Lower the batch size or the model, or raise Workbench:WorkerMemoryLimitMb.", OverridesCancel: true)
        : new(exitCode, exitCode == 0 ? null : WorkerExit.Describe(exitCode, StderrTail));

    public static WorkerProcess Start(int runId, WorkerLaunch launch, ILogger logger)
    {
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Directory.CreateDirectory(launch.RunDirectory).FullName,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(launch.WorkerAssembly);
        foreach (var arg in launch.Arguments) info.ArgumentList.Add(arg);
        RunProtocol.Launch.WorkerThreadWait.Apply(launch.ThreadWait, info.Environment);
        RunProtocol.Launch.WorkerAllocator.Apply(launch.Allocator, info.Environment);
        var process = new Process { StartInfo = info };
        var worker = new WorkerProcess(runId, process, logger);
        process.Start();
        worker._pid = process.Id;
        worker._watchdog = new MemoryWatchdog(process, launch.MemoryLimitBytes);
        process.StandardInput.WriteLine(launch.Token);   // the first line, before any "cancel"
        process.StandardInput.Flush();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return worker;
    }

    public string StderrTail
    {
        get { lock (_stderrTail) return string.Join('\n', _stderrTail); }
    }

    /// <summary>Asks the worker to stop; kills it if it has not exited after <paramref name="grace"/>.</summary>
    public async Task CancelAsync(TimeSpan grace)
    {
        CancelRequested = true;
        try
        {
            await _process.StandardInput.WriteLineAsync("cancel");
            await _process.StandardInput.FlushAsync();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            // Already gone.
        }
        if (await Task.WhenAny(ExitCode, Task.Delay(grace)) != ExitCode) Kill();
    }

    public void Kill()
    {
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { }
    }

    private void OnStderr(string? line)
    {
        if (line is null) return;
        _logger.LogInformation("worker {RunId} stderr: {Line}", RunId, line);
        lock (_stderrTail)
        {
            _stderrTail.Enqueue(line);
            while (_stderrTail.Count > StderrLines) _stderrTail.Dequeue();
        }
    }

    public static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath)) return hostPath;
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        // <root>/shared/Microsoft.NETCore.App/<version>/ -> <root>/dotnet
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var candidate = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(candidate) ? candidate : "dotnet";
    }

    public void Dispose()
    {
        _watchdog?.Dispose();
        _process.Dispose();
    }
}

/// <summary>
/// What a worker needs to start: its assembly, arguments, working folder (the run folder, or the worker's own when it
/// shares no disk with the host), its run's secret, its memory limit in bytes, its native allocator
/// (<see cref="RunProtocol.Launch.WorkerAllocator"/>) and how its OpenMP threads wait (<see cref="RunProtocol.Launch.WorkerThreadWait"/>).
/// </summary>
public sealed record WorkerLaunch(string WorkerAssembly, IReadOnlyList<string> Arguments, string RunDirectory, string Token, long MemoryLimitBytes,
                                  string Allocator = RunProtocol.Launch.WorkerAllocator.Tcmalloc,
                                  string ThreadWait = RunProtocol.Launch.WorkerThreadWait.Bounded);
