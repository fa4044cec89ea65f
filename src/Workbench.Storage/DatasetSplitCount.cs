namespace Workbench.Storage;

/// <summary>How many samples of a dataset are in one split.</summary>
public sealed record DatasetSplitCount(string Split, int Count);
