using Workbench.Experiments;

namespace Workbench.Training.Trainer;

/// <summary>
/// Where a training run sends what it produces. Called on the training thread: implementations must not
/// block (queue and return), because the trainer never waits for the UI.
/// </summary>
public interface ITrainingReporter
{
    void Started(RunStarted info);
    void Metrics(IReadOnlyList<MetricPoint> points);
    void Progress(RunProgress progress);
    void CheckpointSaved(CheckpointSaved checkpoint);
}
