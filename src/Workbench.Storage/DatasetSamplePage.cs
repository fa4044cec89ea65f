using Workbench.Storage.Entities;

namespace Workbench.Storage;

/// <summary>One page of samples in file order, and how many the filter matches in all.</summary>
public sealed record DatasetSamplePage(int Total, IReadOnlyList<DatasetSampleEntity> Items);
