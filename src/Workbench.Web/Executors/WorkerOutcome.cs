namespace Workbench.Web.Executors;

/// <summary>
/// How a worker ended, as far as its executor can tell. A worker reports Completed/Failed itself before it exits; the
/// <see cref="Failure"/> here is used only when it could not (killed, crashed, cancelled by the cluster scheduler).
/// <see cref="OverridesCancel"/> marks a failure that stands even when the run was being cancelled (a memory-limit kill).
/// </summary>
public sealed record WorkerOutcome(int ExitCode, string? Failure, bool OverridesCancel = false)
{
    public static WorkerOutcome Clean { get; } = new(0, null);
}
