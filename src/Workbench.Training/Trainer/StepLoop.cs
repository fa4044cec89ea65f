using System.Diagnostics;
using Workbench.Experiments;
using Workbench.Training.Models;

namespace Workbench.Training.Trainer;

/// <summary>
/// The loop every trainer shares: from the step after <c>done</c> to <see cref="RunConfig.Steps"/> or a cancel, one optimizer step
/// at the schedule's learning rate, its metrics and progress, an evaluation every <see cref="RunConfig.EvalEvery"/> steps and at the
/// end, and resumable checkpoints when due; then <see cref="Finish"/> saves where it stopped. A NaN/inf loss throws
/// <see cref="TrainingDivergedException"/> after the points so far are flushed.
/// </summary>
/// <param name="samplerPosition">The batch sampler's (batches drawn, epoch), stored with a resumable checkpoint.</param>
internal sealed class StepLoop(RunConfig config, ITrainingReporter reporter, MetricBuffer metrics, RunCheckpointer checkpointer,
                               Func<(long Drawn, int Epoch)> samplerPosition)
{
    /// <summary>The latest evaluation: the loop's, or the one before it (LeaF's step 0).</summary>
    public EvalResult? LastEval { get; set; }

    /// <summary>Trains until the last step or <paramref name="ct"/>; returns the last step done.</summary>
    /// <param name="step">One optimizer step (step number, learning rate); every tensor it makes is freed before it returns.</param>
    /// <param name="evaluate">The evaluation at a step, adding its metrics to the buffer.</param>
    public int Run(int done, Func<int, double, StepOutcome> step, Func<int, EvalResult> evaluate, CancellationToken ct)
    {
        var schedule = new LearningRateSchedule(config.LearningRate, config.Steps, kind: config.Schedule, warmupSteps: config.WarmupSteps);
        var meter = new ThroughputMeter();
        while (done < config.Steps && !ct.IsCancellationRequested)
        {
            var s = done + 1;
            var started = Stopwatch.GetTimestamp();
            var lr = schedule.At(s);
            var outcome = step(s, lr);
            if (!outcome.IsFinite)
            {
                metrics.Flush();
                throw outcome.Diverged(s);
            }
            done = s;
            var duration = Stopwatch.GetElapsedTime(started);
            meter.Record(duration, outcome.Tokens);

            metrics.Add(MetricNames.TrainLoss, s, outcome.Total);
            foreach (var term in outcome.Terms) metrics.Add(MetricNames.TrainTerm(term.Kind), s, term.Value);
            foreach (var (name, value) in outcome.Extra) metrics.Add(name, s, value);
            metrics.Add(MetricNames.LearningRate, s, lr);
            metrics.Add(MetricNames.TokensPerSecond, s, meter.TokensPerSecond);
            reporter.Progress(new RunProgress(s, config.Steps, meter.StepsPerSecond, meter.TokensPerSecond));

            if (s % config.EvalEvery == 0 || s == config.Steps)
            {
                metrics.Flush();                                  // the step's points must not wait for the eval
                LastEval = evaluate(s);
                metrics.Flush();
            }
            else
            {
                metrics.EndStep();
            }
            if (checkpointer.IsDue(s)) Checkpoint(s);
        }
        return done;
    }

    /// <summary>
    /// Saves where the run stopped: a resumable checkpoint when it was cancelled, then the student as the run's final checkpoint
    /// (reported), and returns the result.
    /// </summary>
    public TrainingResult Finish(int done, RunModels models, ICausalLanguageModel student, string outputDirectory)
    {
        if (done < config.Steps) Checkpoint(done);                // cancelled: resumable where it stopped
        var checkpointPath = models.SaveStudent(student, outputDirectory, done);
        metrics.Flush();
        reporter.CheckpointSaved(new CheckpointSaved(checkpointPath, done));
        var outcome = done == config.Steps ? TrainingOutcome.Completed : TrainingOutcome.Cancelled;
        return new TrainingResult(outcome, done, checkpointPath, LastEval);
    }

    private void Checkpoint(int step)
    {
        var (drawn, epoch) = samplerPosition();
        checkpointer.Save(step, drawn, epoch, metrics);
    }
}
