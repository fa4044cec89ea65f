namespace Workbench.Storage.Entities;

/// <summary>A saved model file of a run (safetensors), usable as a teacher once the run completed.</summary>
public sealed class CheckpointEntity
{
    public int Id { get; set; }
    public int RunId { get; set; }
    public required string Path { get; set; }
    public long Step { get; set; }
    public DateTime CreatedAt { get; set; }
    public RunEntity? Run { get; set; }
}
