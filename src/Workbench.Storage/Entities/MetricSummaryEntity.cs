namespace Workbench.Storage.Entities;

/// <summary>
/// The last value of one metric of a run, kept up to date as points are appended, so the runs table can filter
/// and sort 2,000 runs on summary metrics without reading their points.
/// </summary>
public sealed class MetricSummaryEntity
{
    public int RunId { get; set; }
    public required string Name { get; set; }
    /// <summary>Step of <see cref="LastValue"/>: the highest step seen (a later write of an earlier step does not win).</summary>
    public long LastStep { get; set; }
    public double LastValue { get; set; }
    public double MinValue { get; set; }
    public double MaxValue { get; set; }
    public long Count { get; set; }
}
