namespace Workbench.Storage.Entities;

/// <summary>Attention probabilities of one model on one probe sample at one step: metadata as JSON, probabilities as fp16 bytes.</summary>
public sealed class AttentionSnapshotEntity
{
    public long Id { get; set; }
    public int RunId { get; set; }
    public long Step { get; set; }
    public int Probe { get; set; }
    public required string Model { get; set; }
    public required string MetaJson { get; set; }
    public required byte[] Half { get; set; }
}
