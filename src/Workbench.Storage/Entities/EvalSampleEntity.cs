namespace Workbench.Storage.Entities;

/// <summary>One sample of a run's evaluation set as the predictions view shows it: prompt, gold answer, gold spans (JSON).</summary>
public sealed class EvalSampleEntity
{
    public long Id { get; set; }
    public int RunId { get; set; }
    public required string EvalSet { get; set; }
    public int SampleIndex { get; set; }
    public required string Prompt { get; set; }
    public required string Gold { get; set; }
    public required string SpansJson { get; set; }
}
