using Workbench.Experiments;
using Workbench.Experiments.Leaf;
using Workbench.Training.Data;
using Workbench.Training.Models;
using static TorchSharp.torch;

namespace Workbench.Training.Trainer.Generated;

/// <summary>
/// The sequences a run trains on before any on-policy sampling: the dataset's, or (sequence_kd) the teacher's completions of its
/// prompts; only the first <see cref="DataConfig.TrainSamples"/> problems when the config says so.
/// </summary>
public static class GeneratedData
{
    public static IReadOnlyList<ArithmeticProblem> TrainingSet(RunConfig config, TrainingOptions options, ICausalLanguageModel? teacher,
                                                               IReadOnlyList<ArithmeticProblem> train, IRunTokenizer tokenizer, Device device, ITrainingReporter reporter)
    {
        if (config.Data?.TrainSamples is { } first) train = [.. train.Take(first)];   // a small fixed set, read for many epochs
        if (config.Data is not { Regime: DataRegimes.SequenceKd } data) return train;
        if (teacher is null || options.TeacherCheckpointPath is not { } teacherPath)
            throw new ArgumentException("Sequence-level KD needs a teacher checkpoint: the teacher writes the completions.", nameof(options));
        var result = SequenceKdCache.OpenOrBuild(options.ResolveCacheDirectory(), teacher, teacherPath, train, data, tokenizer, device,
                                                 (done, total) => reporter.Stage(new RunStageProgress(DataRegimeMetrics.SequenceKdStage, done, total)));
        var now = DateTime.UtcNow;
        reporter.Metrics(
        [
            new MetricPoint(DataRegimeMetrics.SequenceKdReused, 0, result.Reused ? 1 : 0, now),
            new MetricPoint(DataRegimeMetrics.SequenceKdBuildSeconds, 0, result.BuildTime.TotalSeconds, now),
            new MetricPoint(DataRegimeMetrics.SequenceKdSequences, 0, result.Train.Count, now),
        ]);
        reporter.Stage(new RunStageProgress(RunStageProgress.Training, 0, config.Steps));
        return result.Train;
    }
}
