namespace Workbench.Storage.Entities;

/// <summary>What a model (student or teacher) generated for one evaluation-set sample at one step, and how it scored.</summary>
public sealed class SamplePredictionEntity
{
    public long Id { get; set; }
    public int RunId { get; set; }
    public required string EvalSet { get; set; }
    public long Step { get; set; }
    public int SampleIndex { get; set; }
    public required string Model { get; set; }
    public required string Text { get; set; }
    public required string Extracted { get; set; }
    public bool Correct { get; set; }
    public bool Copied { get; set; }
}
