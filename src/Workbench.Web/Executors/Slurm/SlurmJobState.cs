using System.Globalization;

namespace Workbench.Web.Executors.Slurm;

/// <summary>A Slurm job's state as squeue, sacct or scontrol report it: <c>RUNNING</c>, <c>COMPLETED</c>, <c>CANCELLED</c>, ...</summary>
public sealed record SlurmJobState(string State, string? Reason, string? ExitCode)
{
    private static readonly HashSet<string> s_active = ["PENDING", "CONFIGURING", "RUNNING", "COMPLETING", "SUSPENDED", "RESIZING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED", "RESV_DEL_HOLD", "SIGNALING", "STAGE_OUT", "STOPPED"];

    /// <summary>Still queued or running (the job has not ended).</summary>
    public bool IsActive => s_active.Contains(State);

    public bool Succeeded => State == "COMPLETED" && (ExitCode is null or "0:0");

    /// <summary>The exit code the worker ended with (the first part of <c>3:0</c>), or 128 + the signal that ended it.</summary>
    public int WorkerExitCode
    {
        get
        {
            if (ExitCode?.Split(':') is not [var code, var signal]) return Succeeded ? 0 : 1;
            var signalNumber = int.TryParse(signal, CultureInfo.InvariantCulture, out var s) ? s : 0;
            return signalNumber > 0 ? 128 + signalNumber : int.TryParse(code, CultureInfo.InvariantCulture, out var c) ? c : 1;
        }
    }

    /// <summary>"Slurm job 12 ended CANCELLED (exit code 0:15)", "Slurm job 12 ended FAILED: NonZeroExitCode (exit code 3:0)".</summary>
    public string Describe(string jobId)
    {
        var reason = Reason is null or "None" or "(null)" ? "" : $": {Reason}";
        var exit = ExitCode is null ? "" : $" (exit code {ExitCode})";
        return $"Slurm job {jobId} ended {State}{reason}{exit}";
    }

    /// <summary>One line of <c>squeue -h -o %T|%r</c> or <c>sacct -n -P -X -o State,ExitCode,Reason</c>.</summary>
    public static SlurmJobState? FromSqueue(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() is { } line
            && line.Split('|') is [var state, var reason] ? new(Normalize(state), reason, null) : null;

    public static SlurmJobState? FromSacct(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() is { } line
            && line.Split('|') is [var state, var exit, var reason] ? new(Normalize(state), reason, exit) : null;

    /// <summary><c>scontrol show job -o</c>: one line of Key=Value words (JobState, Reason, ExitCode).</summary>
    public static SlurmJobState? FromScontrol(string output)
    {
        var fields = output.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Split('=', 2)).Where(p => p.Length == 2).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.First()[1]);
        return fields.TryGetValue("JobState", out var state) ? new(Normalize(state), fields.GetValueOrDefault("Reason"), fields.GetValueOrDefault("ExitCode")) : null;
    }

    // sacct writes "CANCELLED by 0"; squeue and scontrol write the bare state.
    private static string Normalize(string state) => state.Split(' ', 2)[0].Trim().ToUpperInvariant();
}
