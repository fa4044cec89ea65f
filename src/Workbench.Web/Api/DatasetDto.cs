using Workbench.Experiments.Datasets;
using Workbench.Storage.Entities;

namespace Workbench.Web.Api;

/// <summary>
/// A dataset as the API and the Datasets page show it. Built-in datasets have no <see cref="Id"/> (they are generated,
/// not stored) and carry a <see cref="Description"/>.
/// </summary>
public sealed record DatasetDto(
    int? Id,
    string Name,
    bool BuiltIn,
    string? Description,
    DateTime? CreatedAt,
    int SampleCount,
    DatasetSplitCounts Splits,
    string? SourceFileName,
    string? Sha256)
{
    public static DatasetDto From(DatasetEntity dataset) => new(
        dataset.Id, dataset.Name, BuiltIn: false, Description: null, dataset.CreatedAt, dataset.SampleCount,
        new DatasetSplitCounts(dataset.TrainCount, dataset.EvalCount, dataset.TestCount), dataset.SourceFileName, dataset.Sha256);

    public static DatasetDto From(BuiltInDatasetInfo builtIn) => new(
        null, builtIn.Name, BuiltIn: true, builtIn.Description, CreatedAt: null, builtIn.TrainCount + builtIn.EvalCount,
        new DatasetSplitCounts(builtIn.TrainCount, builtIn.EvalCount, 0), SourceFileName: null, Sha256: null);
}

/// <summary>Samples per split.</summary>
public sealed record DatasetSplitCounts(int Train, int Eval, int Test);
