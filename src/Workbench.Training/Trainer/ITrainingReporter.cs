using Workbench.Experiments;
using Workbench.Experiments.Evaluation;
using Workbench.Experiments.Leaf;
using Workbench.Experiments.OnPolicy;

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

    /// <summary>A LeaF run's stage and its progress (detection, then training).</summary>
    void Stage(RunStageProgress stage) { }

    /// <summary>Stage-1 results of a batch of samples.</summary>
    void Detected(IReadOnlyList<DetectedSample> samples) { }

    /// <summary>Attention probabilities of a probe sample.</summary>
    void Attention(AttentionSnapshot snapshot) { }

    /// <summary>What the models generated for an evaluation set's samples at one evaluation.</summary>
    void Predictions(EvalPredictions predictions) { }

    /// <summary>An on-policy run's latest samples from the student, scored by the teacher, and its on-policy share.</summary>
    void StudentSamples(PolicySamples samples) { }
}
