namespace Workbench.Storage.Entities;

/// <summary>One sample's LeaF stage-1 result (a <c>DetectedSample</c> as JSON) with the columns the heatmap filters and sorts on.</summary>
public sealed class DetectedSampleEntity
{
    public long Id { get; set; }
    public int RunId { get; set; }
    public int SampleIndex { get; set; }
    public int SpanCount { get; set; }
    public int FlaggedTokens { get; set; }
    public required string Json { get; set; }
}
