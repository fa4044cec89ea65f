namespace Workbench.Web.Executors.Slurm;

/// <summary>
/// A run's worker as a Slurm job: its state polled with squeue while it is queued or running, its end read from sacct
/// (or, where accounting is off and sacct has nothing, from <c>scontrol show job</c>, which keeps a job for MinJobAge).
/// </summary>
public sealed class SlurmJob : IWorkerHandle
{
    private const int OutputLines = 20;
    private readonly SlurmCli _cli;
    private readonly TimeSpan _poll;
    private readonly string? _outputFile;
    private readonly CancellationTokenSource _stop = new();
    private readonly ILogger _logger;

    public int RunId { get; }
    public string JobId { get; }
    public string Location => $"{ExecutorOptions.SlurmKind}:{JobId}";
    public bool CancelRequested { get; private set; }
    public Task<WorkerOutcome> Exited { get; }

    public SlurmJob(int runId, string jobId, SlurmCli cli, TimeSpan poll, string? outputFile, ILogger logger)
    {
        RunId = runId;
        JobId = jobId;
        _cli = cli;
        _poll = poll;
        _outputFile = outputFile;
        _logger = logger;
        Exited = WatchAsync();
    }

    private async Task<WorkerOutcome> WatchAsync()
    {
        var misses = 0;
        while (true)
        {
            try
            {
                await Task.Delay(_poll, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return new WorkerOutcome(137, $"Slurm job {JobId} was cancelled at server shutdown.");
            }
            var queue = await _cli.RunAsync("squeue", ["-h", "-j", JobId, "-o", "%T|%r"]);
            if (queue.Succeeded && SlurmJobState.FromSqueue(queue.Stdout) is { IsActive: true }) { misses = 0; continue; }
            // Not listed (or squeue failed once): the job has ended, unless the controller was briefly unreachable.
            if (!queue.Succeeded && !queue.Stderr.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase) && ++misses < 5) continue;
            var final = await FinalStateAsync();
            _logger.LogInformation("Slurm job {JobId} of run {RunId} ended: {State}", JobId, RunId, final?.Describe(JobId) ?? "state unknown");
            if (final is null) return new WorkerOutcome(1, $"Slurm job {JobId} ended; neither sacct nor scontrol knows how.{OutputTail()}");
            return final.Succeeded ? WorkerOutcome.Clean : new WorkerOutcome(final.WorkerExitCode, final.Describe(JobId) + OutputTail());
        }
    }

    /// <summary>sacct when accounting is on; otherwise scontrol (jobs stay in slurmctld for MinJobAge after they end).</summary>
    public async Task<SlurmJobState?> FinalStateAsync()
    {
        var sacct = await _cli.RunAsync("sacct", ["-n", "-P", "-X", "-j", JobId, "-o", "State,ExitCode,Reason"]);
        if (sacct.Succeeded && SlurmJobState.FromSacct(sacct.Stdout) is { IsActive: false } accounted) return accounted;
        var scontrol = await _cli.RunAsync("scontrol", ["show", "job", "-o", JobId]);
        return scontrol.Succeeded ? SlurmJobState.FromScontrol(scontrol.Stdout) : null;
    }

    private string OutputTail()
    {
        if (_outputFile is null || !File.Exists(_outputFile)) return "";
        try
        {
            var lines = File.ReadLines(_outputFile).TakeLast(OutputLines).Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
            return lines.Count == 0 ? "" : ": " + string.Join('\n', lines);
        }
        catch (IOException) { return ""; }
    }

    /// <summary>USR1 to the batch shell, whose trap writes "cancel" (the worker saves a checkpoint and stops); scancel after <paramref name="grace"/>.</summary>
    public async Task CancelAsync(TimeSpan grace)
    {
        CancelRequested = true;
        var signal = await _cli.RunAsync("scancel", ["--full", $"--signal={SlurmJobScript.CancelSignal}", JobId]);
        if (!signal.Succeeded) _logger.LogWarning("scancel --signal of job {JobId}: {Error}", JobId, signal.Stderr);
        if (await Task.WhenAny(Exited, Task.Delay(grace)) != Exited) await _cli.RunAsync("scancel", [JobId]);
    }

    /// <summary>Server shutdown: the job cannot report anywhere, so it ends too.</summary>
    public void Kill()
    {
        try { _cli.RunAsync("scancel", [JobId]).Wait(TimeSpan.FromSeconds(10)); }
        catch (AggregateException ex) { _logger.LogWarning("scancel of job {JobId} failed: {Message}", JobId, ex.InnerException?.Message); }
        lock (_stop) if (!_disposed) _stop.Cancel();
    }

    private bool _disposed;

    public void Dispose()
    {
        lock (_stop)
        {
            _disposed = true;
            _stop.Dispose();
        }
    }
}
