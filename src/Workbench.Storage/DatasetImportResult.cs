using Workbench.Experiments.Datasets;
using Workbench.Storage.Entities;

namespace Workbench.Storage;

/// <summary>The stored dataset, or every reason it was refused (nothing is stored then).</summary>
/// <param name="ErrorCount">All errors, including those beyond the reported ones.</param>
/// <param name="Conflict">Refused because a name is taken (a split the dataset already has), not because the file is bad.</param>
public sealed record DatasetImportResult(DatasetEntity? Dataset, IReadOnlyList<DatasetLineError> Errors, int ErrorCount, bool Conflict = false)
{
    public static DatasetImportResult Refused(params DatasetLineError[] errors) => new(null, errors, errors.Length);
}
