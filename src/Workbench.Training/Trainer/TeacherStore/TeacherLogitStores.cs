using Workbench.Experiments;
using Workbench.Experiments.Leaf;
using Workbench.Experiments.TeacherStores;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using Workbench.Training.Trainer.TeacherCache;
using static TorchSharp.torch;

namespace Workbench.Training.Trainer.TeacherStore;

/// <summary>
/// A run's teacher, replaced by teacher-logit stores: one <see cref="TeacherLogitStore"/> per distinct store temperature of its
/// logit terms (<see cref="IStoreObjective.StoreTemperature"/>), over the training split, each keeping
/// max(<see cref="TeacherStoreConfig.TopK"/>, every term's <see cref="IStoreObjective.StoreIdsNeeded"/>) ids. A
/// <see cref="TrainingStep"/> given this reads each batch's rows from disk instead of running the teacher.
/// </summary>
public sealed class TeacherLogitStores : IDisposable
{
    private readonly Dictionary<double, TeacherLogitStore> _stores;

    private TeacherLogitStores(Dictionary<double, TeacherLogitStore> stores) => _stores = stores;

    public IReadOnlyCollection<TeacherLogitStore> Files => _stores.Values;

    /// <summary>
    /// The stores for <paramref name="loss"/> when <paramref name="config"/> enables them and every teacher term reads a store
    /// (<see cref="DistillationLoss.TeacherIsStoreReadable"/>); else null (feature and cross-tokenizer terms keep the live teacher).
    /// Builds missing or damaged stores in <see cref="TrainingOptions.ResolveCacheDirectory"/>, then evicts least-recently-used
    /// store files past <see cref="TrainingOptions.TeacherStoreBudgetMb"/> and reports <see cref="TeacherStoreMetrics"/> at step 0.
    /// </summary>
    public static TeacherLogitStores? Prepare(TeacherStoreConfig? config, DistillationLoss loss, ICausalLanguageModel? teacher, TrainingOptions options,
                                              IReadOnlyList<ArithmeticProblem> train, int padId, Device device, ITrainingReporter reporter,
                                              string? precision = null)
    {
        if (config is not { IsEnabled: true } || !loss.TeacherIsStoreReadable || teacher is null || options.TeacherCheckpointPath is not { } teacherPath)
            return null;
        var directory = options.ResolveCacheDirectory();
        var values = config.Values == TeacherStoreConfig.ValuesFp32 ? TopKValueType.Float32 : TopKValueType.Float16;
        var V = teacher.VocabSize;
        var stores = new Dictionary<double, TeacherLogitStore>();
        try
        {
            foreach (var group in loss.Objectives.OfType<IStoreObjective>().GroupBy(o => o.StoreTemperature))
            {
                var k = Math.Max(config.TopK, group.Max(o => o.StoreIdsNeeded(V)));
                stores[group.Key] = TeacherLogitStore.OpenOrBuild(directory, teacher, teacherPath, train, k, group.Key, values, padId, device,
                                                                  (done, total) => reporter.Stage(new RunStageProgress(TeacherStoreMetrics.Stage, done, total)), precision);
            }
        }
        catch
        {
            foreach (var store in stores.Values) store.Dispose();
            throw;
        }
        var evicted = options.TeacherStoreBudgetMb is { } budget
            ? LogitStoreFolder.Evict(directory, budget * 1_000_000, [.. stores.Values.Select(s => Path.GetFileName(s.Path))]).Count
            : 0;
        var result = new TeacherLogitStores(stores);
        result.Report(reporter, train.Count, evicted);
        return result;
    }

    /// <summary>The stored rows of <paramref name="batch"/> (collated by index from the training split) for <paramref name="term"/>.</summary>
    public TeacherTopK Read(Batch batch, IStoreObjective term)
    {
        var indices = batch.Indices
            ?? throw new ArgumentException("Reading a teacher-logit store needs a batch collated by index (Batch.Collate(split, indices, ...)).", nameof(batch));
        if (!_stores.TryGetValue(term.StoreTemperature, out var store))
            throw new ArgumentException($"No teacher-logit store at T = {term.StoreTemperature}.", nameof(term));
        return store.Read(indices, batch.InputIds.shape[1], batch.InputIds.device);
    }

    public void Dispose()
    {
        foreach (var store in _stores.Values) store.Dispose();
    }

    private void Report(ITrainingReporter reporter, int sequences, int evicted)
    {
        reporter.Stage(new RunStageProgress(TeacherStoreMetrics.Stage, sequences, sequences));
        var now = DateTime.UtcNow;
        reporter.Metrics(
        [
            new MetricPoint(TeacherStoreMetrics.BuildSeconds, 0, _stores.Values.Sum(s => s.BuildTime.TotalSeconds), now),
            new MetricPoint(TeacherStoreMetrics.Reused, 0, _stores.Values.All(s => s.Reused) ? 1 : 0, now),
            new MetricPoint(TeacherStoreMetrics.Megabytes, 0, _stores.Values.Sum(s => s.Bytes) / 1e6, now),
            new MetricPoint(TeacherStoreMetrics.BytesPerToken, 0, _stores.Values.Sum(s => s.BytesPerToken), now),
            new MetricPoint(TeacherStoreMetrics.Evicted, 0, evicted, now),
        ]);
    }
}
