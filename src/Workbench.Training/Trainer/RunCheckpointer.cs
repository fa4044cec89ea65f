using TorchSharp.Modules;
using Workbench.Experiments;
using Workbench.Training.Checkpoints;
using Workbench.Training.Models;
using static TorchSharp.torch;

namespace Workbench.Training.Trainer;

/// <summary>
/// Saves a run's resumable checkpoints (<see cref="TrainingCheckpoint"/>) every <see cref="RunConfig.CheckpointEvery"/>
/// steps and when the run is cancelled, reports each as <see cref="CheckpointSaved"/> (the path of its
/// <c>model.safetensors</c>) and keeps only the newest <see cref="TrainingOptions.KeepCheckpoints"/> of them.
/// </summary>
internal sealed class RunCheckpointer(RunConfig config, TrainingOptions options, ICausalLanguageModel student, string tokenizerId, AdamW optimizer,
                                      IReadOnlyList<Parameter> lossParameters, ITrainingReporter reporter, Action<string>? writeExtra = null,
                                      string? tokenizerFolder = null)
{
    private long _lastSaved = -1;

    /// <summary>A resumed run's starting step is on disk already.</summary>
    public void MarkSaved(long step) => _lastSaved = step;

    public bool IsDue(long step) => config.CheckpointEvery is > 0 and var every && step % every == 0 && step < config.Steps;

    /// <summary>Saves step <paramref name="step"/> unless it already is; <paramref name="batchesDrawn"/> is the sampler's count.</summary>
    public void Save(long step, long batchesDrawn, int epoch, MetricBuffer metrics)
    {
        if (step == _lastSaved || step == 0) return;
        var state = new TrainingState(step, batchesDrawn, epoch, TrainingCheckpoint.CaptureRng());
        var folder = TrainingCheckpoint.Save(options.OutputDirectory, student, tokenizerId, optimizer, lossParameters, state, writeExtra, tokenizerFolder);
        _lastSaved = step;
        metrics.Flush();                                          // the step's points go out before its checkpoint
        reporter.CheckpointSaved(new CheckpointSaved(Path.Combine(folder, GptCheckpoint.FileName), step));
        TrainingCheckpoint.Prune(options.OutputDirectory, options.KeepCheckpoints);
    }
}
