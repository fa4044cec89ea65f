namespace Workbench.Storage.Entities;

/// <summary>One sample of a dataset, at its 0-based position in the uploaded file (blank lines not counted).</summary>
public sealed class DatasetSampleEntity
{
    public int DatasetId { get; set; }
    public int Index { get; set; }
    /// <summary>The split's lower-case name: "train", "eval", "test", or any other (Workbench.Experiments.Datasets.DatasetSplitNames).</summary>
    public required string Split { get; set; }
    public required string Prompt { get; set; }
    public required string Completion { get; set; }
    public string? Answer { get; set; }
    /// <summary>[[start, end], ...] in UTF-16 offsets into the prompt, or null when the line had none.</summary>
    public string? ConfounderSpansJson { get; set; }
}
