using Workbench.Experiments;
using Workbench.Experiments.Datasets;
using Workbench.Experiments.Evaluation;
using Workbench.Training.Data;
using Workbench.Training.Trainer;

namespace Workbench.Training.Evaluation;

/// <summary>
/// Finds the samples of a run's evaluation sets: the named split of the run's dataset or of another one (built in, or imported and
/// exported to a file by the host, <see cref="TrainingOptions.EvalDatasetPaths"/>), tokenised with the run's tokenizer.
/// </summary>
public static class EvalSetSources
{
    /// <summary>The split names every dataset answers to besides its extra splits.</summary>
    public const string EvalSplit = "eval", TrainSplit = "train";

    /// <exception cref="ArgumentException">A dataset, split or file is missing, or the data does not fit the run's tokenizer or context.</exception>
    public static IReadOnlyList<EvalSetData> Resolve(RunConfig config, TrainingOptions options, RunModels models, int context)
    {
        if (config.EvalSets is not { Count: > 0 } sets) return [];
        var loaded = new Dictionary<string, DatasetSplits>(StringComparer.Ordinal) { [config.Dataset] = models.Data };
        var result = new List<EvalSetData>(sets.Count);
        for (var i = 0; i < sets.Count; i++)
        {
            var set = sets[i];
            var dataset = set.Dataset ?? config.Dataset;
            if (!loaded.TryGetValue(dataset, out var data)) loaded[dataset] = data = Load(dataset, options, models, i);
            var split = Split(data, set.Split) ?? throw new ArgumentException(
                $"evalSets[{i}].split: dataset '{dataset}' has no split '{set.Split}'. It has: {string.Join(", ", SplitNames(data))}.");
            if (split.Count == 0) throw new ArgumentException($"evalSets[{i}].split: split '{set.Split}' of '{dataset}' is empty.");
            IReadOnlyList<ArithmeticProblem> problems = [.. split.Take(set.Samples ?? EvalSet.DefaultSamples)];
            var longest = problems.Max(p => p.TokenIds.Length);
            if (longest > context)
                throw new ArgumentException($"evalSets[{i}]: a sample of '{set.Name}' has {longest} tokens, more than the student's context ({context}).");
            result.Add(new EvalSetData(set, problems));
        }
        return result;
    }

    /// <summary>"eval" is the dataset's eval split, "train" its training split, any other name one of its extra splits.</summary>
    public static IReadOnlyList<ArithmeticProblem>? Split(DatasetSplits data, string name) => name switch
    {
        _ when data.ExtraEvalSplits.TryGetValue(name, out var split) => split,
        EvalSplit => data.Eval,
        TrainSplit => data.Train,
        _ => null,
    };

    private static IEnumerable<string> SplitNames(DatasetSplits data) => data.ExtraEvalSplits.Keys.Prepend(EvalSplit).Prepend(TrainSplit).Distinct();

    private static DatasetSplits Load(string dataset, TrainingOptions options, RunModels models, int index)
    {
        string? path = null;
        if (DatasetRefs.IsImported(dataset) && !(options.EvalDatasetPaths?.TryGetValue(dataset, out path) ?? false))
            throw new ArgumentException($"evalSets[{index}].dataset: '{dataset}' is imported, but its exported file was not given.");
        var words = RunModels.LoadDataset(dataset, options with { DatasetPath = path });
        if (models.Data.Tokenizer is HuggingFaceRunTokenizer tokenizer) return HuggingFaceSplits.From(words, tokenizer);
        // Word vocabularies are built per dataset: ids mean the same words only when the vocabulary is the same.
        if (words.Tokenizer.Id != models.Data.Tokenizer.Id)
            throw new ArgumentException($"evalSets[{index}].dataset: '{dataset}' has its own vocabulary ({words.Tokenizer.Id}); this run's models read '{models.Data.Tokenizer.Id}'. Use a split of the run's dataset, or a Hugging Face model whose tokenizer reads both.");
        return words;
    }
}
