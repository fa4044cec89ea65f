using Workbench.Experiments;
using Workbench.Training.Trainer;
using Workbench.Worker.Reporting;

namespace Workbench.Worker;

/// <summary>
/// Runs the trainer on a dedicated thread and queues its outcome as the run's last report. A supervised worker stops on
/// "cancel" or a closed stdin (its server is gone); a headless one on Ctrl+C.
/// </summary>
public static class RunLoop
{
    public static async Task<int> RunAsync(RunConfig config, TrainingOptions options, ReportQueue reports, bool supervised)
    {
        using var cancel = new CancellationTokenSource();
        if (supervised) StartStdinWatcher(cancel);
        else Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

        var outcome = new TaskCompletionSource<TrainingResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        // libtorch work belongs on a long-lived thread of its own, not on a thread-pool task.
        var thread = new Thread(() =>
        {
            try { outcome.SetResult(TrainingRun.Run(config, options, reports, cancel.Token)); }
            catch (Exception ex) { outcome.SetException(ex); }
        }) { Name = "training", IsBackground = true };
        thread.Start();

        try
        {
            var result = await outcome.Task;
            reports.Finished(result.Outcome == TrainingOutcome.Completed ? RunStatus.Completed : RunStatus.Cancelled);
            Console.Error.WriteLine($"Run {result.Outcome.ToString().ToLowerInvariant()} after {result.Steps} steps.");
            return 0;
        }
        catch (Exception ex)
        {
            reports.Finished(RunStatus.Failed, ex is TrainingDivergedException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}");
            Console.Error.WriteLine(ex);
            return 1;
        }
    }

    private static void StartStdinWatcher(CancellationTokenSource cancel)
    {
        var watcher = new Thread(() =>
        {
            try
            {
                string? line;
                while ((line = Console.In.ReadLine()) is not null)
                    if (line.Trim() == "cancel") break;
            }
            catch (IOException) { }
            try { cancel.Cancel(); }   // "cancel" or stdin closed (the server is gone)
            catch (ObjectDisposedException) { }   // the run had ended already
        }) { Name = "stdin-watcher", IsBackground = true };
        watcher.Start();
    }
}
