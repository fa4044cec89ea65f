namespace Workbench.Storage.Entities;

/// <summary>
/// An imported dataset: its identity and counts. The samples live in <see cref="DatasetSampleEntity"/>; the counts of
/// splits other than train, eval and test come from there (<see cref="DatasetStore.GetSplitCountsAsync"/>).
/// </summary>
public sealed class DatasetEntity
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public DateTime CreatedAt { get; set; }
    public int SampleCount { get; set; }
    public int TrainCount { get; set; }
    public int EvalCount { get; set; }
    public int TestCount { get; set; }
    /// <summary>The file of the first import; splits added later are not named here.</summary>
    public required string SourceFileName { get; set; }
    /// <summary>SHA-256 of the uploaded bytes, lower-case hex.</summary>
    public required string Sha256 { get; set; }
}
