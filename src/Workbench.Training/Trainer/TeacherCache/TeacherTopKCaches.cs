using Workbench.Experiments;
using Workbench.Experiments.Leaf;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using static TorchSharp.torch;

namespace Workbench.Training.Trainer.TeacherCache;

/// <summary>
/// A run's teacher, replaced by top-k caches: one <see cref="TeacherTopKCache"/> per distinct (k, T) of its
/// <c>top_k_kl</c> terms, over the training split. A <see cref="TrainingStep"/> given this reads each batch's teacher
/// top-k from disk instead of running the teacher.
/// </summary>
public sealed class TeacherTopKCaches : IDisposable
{
    private readonly Dictionary<(int K, double T), TeacherTopKCache> _caches;
    private readonly int _vocabSize;

    private TeacherTopKCaches(Dictionary<(int, double), TeacherTopKCache> caches, int vocabSize)
    {
        _caches = caches;
        _vocabSize = vocabSize;
    }

    public IReadOnlyCollection<TeacherTopKCache> Files => _caches.Values;

    /// <summary>
    /// The caches for <paramref name="loss"/> when its only teacher terms are <c>top_k_kl</c>
    /// (<see cref="DistillationLoss.TeacherIsTopKOnly"/>) and <see cref="TrainingOptions.UseTeacherCache"/> is on; else null
    /// (feature and full-vocabulary terms need the live teacher). Builds missing caches in
    /// <see cref="TrainingOptions.ResolveCacheDirectory"/>, reporting the <see cref="TeacherCacheMetrics.Stage"/> stage while
    /// it does, then the <see cref="TeacherCacheMetrics"/> points at step 0.
    /// </summary>
    public static TeacherTopKCaches? Prepare(DistillationLoss loss, ICausalLanguageModel? teacher, TrainingOptions options,
                                             IReadOnlyList<ArithmeticProblem> train, int padId, Device device, ITrainingReporter reporter)
    {
        if (!options.UseTeacherCache || !loss.TeacherIsTopKOnly || teacher is null || options.TeacherCheckpointPath is not { } teacherPath)
            return null;
        var directory = options.ResolveCacheDirectory();
        var caches = new Dictionary<(int, double), TeacherTopKCache>();
        try
        {
            foreach (var term in loss.Objectives.OfType<TopKKlObjective>())
            {
                var key = (term.KeptTokens(teacher.VocabSize), term.Temperature);
                if (caches.ContainsKey(key)) continue;
                caches[key] = TeacherTopKCache.OpenOrBuild(directory, teacher, teacherPath, train, key.Item1, key.Temperature, options.TeacherCacheValues,
                                                           padId, device, (done, total) => reporter.Stage(new RunStageProgress(TeacherCacheMetrics.Stage, done, total)));
            }
        }
        catch
        {
            foreach (var cache in caches.Values) cache.Dispose();
            throw;
        }
        var result = new TeacherTopKCaches(caches, teacher.VocabSize);
        result.Report(reporter, train.Count);
        return result;
    }

    /// <summary>The cached top-k of <paramref name="batch"/> (collated by index from the training split) for <paramref name="term"/>.</summary>
    public TeacherTopK Read(Batch batch, TopKKlObjective term)
    {
        var indices = batch.Indices
            ?? throw new ArgumentException("Reading a top-k cache needs a batch collated by index (Batch.Collate(split, indices, ...)).", nameof(batch));
        if (!_caches.TryGetValue((term.KeptTokens(_vocabSize), term.Temperature), out var cache))
            throw new ArgumentException($"No top-k cache for k = {term.K}, T = {term.Temperature}.", nameof(term));
        return cache.Read(indices, batch.InputIds.shape[1], batch.InputIds.device);
    }

    public void Dispose()
    {
        foreach (var cache in _caches.Values) cache.Dispose();
    }

    private void Report(ITrainingReporter reporter, int sequences)
    {
        reporter.Stage(new RunStageProgress(TeacherCacheMetrics.Stage, sequences, sequences));
        var now = DateTime.UtcNow;
        reporter.Metrics(
        [
            new MetricPoint(TeacherCacheMetrics.BuildSeconds, 0, _caches.Values.Sum(c => c.BuildTime.TotalSeconds), now),
            new MetricPoint(TeacherCacheMetrics.Reused, 0, _caches.Values.All(c => c.Reused) ? 1 : 0, now),
            new MetricPoint(TeacherCacheMetrics.TeacherForwards, 0, _caches.Values.Sum(c => c.TeacherForwards), now),
            new MetricPoint(TeacherCacheMetrics.Megabytes, 0, _caches.Values.Sum(c => c.Bytes) / 1e6, now),
        ]);
    }
}
