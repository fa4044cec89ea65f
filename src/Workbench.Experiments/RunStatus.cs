namespace Workbench.Experiments;

public enum RunStatus
{
    Queued,
    Running,
    Completed,
    Failed,
    Cancelled,
    /// <summary>The server stopped while the run was running.</summary>
    Interrupted,
}

public static class RunStatusExtensions
{
    public static bool IsTerminal(this RunStatus status) => status is not (RunStatus.Queued or RunStatus.Running);
}
