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
    /// <param name="trainer">What the trainer reports to; default <paramref name="reports"/>.</param>
    /// <param name="settle">Awaited after training, before the last report (the checkpoints' uploads); its exception fails the run.</param>
    public static async Task<int> RunAsync(RunConfig config, TrainingOptions options, ReportQueue reports, bool supervised,
                                           ITrainingReporter? trainer = null, Func<Task>? settle = null)
    {
        using var cancel = new CancellationTokenSource();
        if (supervised) StartStdinWatcher(cancel);
        else Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

        var outcome = new TaskCompletionSource<TrainingResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        // libtorch work belongs on a long-lived thread of its own, not on a thread-pool task.
        var thread = new Thread(() =>
        {
            try { outcome.SetResult(TrainingRun.Run(config, options, trainer ?? reports, cancel.Token)); }
            catch (Exception ex) { outcome.SetException(ex); }
        }) { Name = "training", IsBackground = true };
        thread.Start();

        TrainingResult? result = null;
        Exception? failure = null;
        try { result = await outcome.Task; }
        catch (Exception ex) { failure = ex; }
        // What was saved goes out even when training failed; the training's own error is the one reported.
        if (settle is not null)
            try { await settle(); }
            catch (Exception ex) { failure ??= ex; }

        if (failure is null && result is not null)
        {
            reports.Finished(result.Outcome == TrainingOutcome.Completed ? RunStatus.Completed : RunStatus.Cancelled);
            Console.Error.WriteLine($"Run {result.Outcome.ToString().ToLowerInvariant()} after {result.Steps} steps.");
            return 0;
        }
        reports.Finished(RunStatus.Failed, failure is TrainingDivergedException ? failure.Message : $"{failure!.GetType().Name}: {failure.Message}");
        Console.Error.WriteLine(failure);
        return 1;
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
            catch (ObjectDisposedException) { }   // the run ended first: stdin closed while the last reports were going out
        }) { Name = "stdin-watcher", IsBackground = true };
        watcher.Start();
    }
}
