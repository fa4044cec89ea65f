namespace Workbench.Storage.Entities;

/// <summary>An experiment: runs queued together (a sweep), the spec that made them and the configuration they are compared with.</summary>
public sealed class RunGroupEntity
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>The sweep spec as submitted (JSON); null for a group not made by a sweep.</summary>
    public string? SweepJson { get; set; }
    /// <summary>The baseline configuration as axis values, a JSON object such as <c>{"leaf.mask":"none"}</c>; null = none chosen.</summary>
    public string? BaselineJson { get; set; }
    public string? Notes { get; set; }

    public List<RunEntity> Runs { get; set; } = [];
}
