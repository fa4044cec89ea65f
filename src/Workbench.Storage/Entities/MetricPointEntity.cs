namespace Workbench.Storage.Entities;

/// <summary>One scalar of a run at a step. Rows are append-only: what was written stays written.</summary>
public sealed class MetricPointEntity
{
    public long Id { get; set; }
    public int RunId { get; set; }
    public long Step { get; set; }
    public required string Name { get; set; }
    public double Value { get; set; }
    public DateTime WallTime { get; set; }
}
