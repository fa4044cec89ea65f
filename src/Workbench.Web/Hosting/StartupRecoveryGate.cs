namespace Workbench.Web.Hosting;

/// <summary>
/// Open once this host's start-up recovery has marked the runs it left running as interrupted. Reports wait for it: a
/// worker that outlived the last host and reports first would otherwise revive its run, only to see recovery mark it
/// interrupted right after, for good.
/// </summary>
public sealed class StartupRecoveryGate
{
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Opened => _opened.Task;

    public void Open() => _opened.TrySetResult();
}
