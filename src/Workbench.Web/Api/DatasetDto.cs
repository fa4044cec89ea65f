using Workbench.Experiments.Datasets;
using Workbench.Storage;
using Workbench.Storage.Entities;

namespace Workbench.Web.Api;

/// <summary>
/// A dataset as the API and the Datasets page show it. Built-in datasets have no <see cref="Id"/> (they are generated,
/// not stored) and carry a <see cref="Description"/>.
/// </summary>
/// <param name="Splits">
/// Samples per split by name: always "train", "eval" and "test" (0 when absent), then every other split ("ood", ...) in
/// the order it was added.
/// </param>
public sealed record DatasetDto(
    int? Id,
    string Name,
    bool BuiltIn,
    string? Description,
    DateTime? CreatedAt,
    int SampleCount,
    IReadOnlyDictionary<string, int> Splits,
    string? SourceFileName,
    string? Sha256)
{
    /// <param name="splitCounts">From <see cref="DatasetStore.GetSplitCountsAsync(int, CancellationToken)"/>; null = train, eval and test only.</param>
    public static DatasetDto From(DatasetEntity dataset, IReadOnlyList<DatasetSplitCount>? splitCounts) => new(
        dataset.Id, dataset.Name, BuiltIn: false, Description: null, dataset.CreatedAt, dataset.SampleCount,
        Counts(dataset.TrainCount, dataset.EvalCount, dataset.TestCount, splitCounts ?? []), dataset.SourceFileName, dataset.Sha256);

    public static DatasetDto From(BuiltInDatasetInfo builtIn) => new(
        null, builtIn.Name, BuiltIn: true, builtIn.Description, CreatedAt: null, builtIn.TrainCount + builtIn.EvalCount,
        Counts(builtIn.TrainCount, builtIn.EvalCount, 0, []), SourceFileName: null, Sha256: null);

    /// <summary>Every imported dataset with its split counts (one grouped query), after the built-in ones.</summary>
    public static async Task<IReadOnlyList<DatasetDto>> ListAsync(DatasetStore store, CancellationToken ct)
    {
        var imported = await store.ListAsync(ct);
        var counts = await store.GetSplitCountsAsync([.. imported.Select(d => d.Id)], ct);
        return [.. BuiltInDatasetInfo.All.Select(From), .. imported.Select(d => From(d, counts.GetValueOrDefault(d.Id)))];
    }

    private static Dictionary<string, int> Counts(int train, int eval, int test, IReadOnlyList<DatasetSplitCount> others)
    {
        var counts = new Dictionary<string, int>
        {
            [DatasetSplitNames.Train] = train,
            [DatasetSplitNames.Eval] = eval,
            [DatasetSplitNames.Test] = test,
        };
        foreach (var split in others) counts.TryAdd(split.Split, split.Count);
        return counts;
    }
}
