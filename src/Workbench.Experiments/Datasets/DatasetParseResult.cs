namespace Workbench.Experiments.Datasets;

/// <summary>
/// All samples of a file, or all its errors, never a mix: a file with any bad line imports nothing.
/// <see cref="Errors"/> is capped at <see cref="DatasetLimits.MaxReportedErrors"/>; <see cref="ErrorCount"/> counts them all.
/// </summary>
public sealed record DatasetParseResult(IReadOnlyList<DatasetSample> Samples, IReadOnlyList<DatasetLineError> Errors, int ErrorCount, string Sha256)
{
    public bool Succeeded => ErrorCount == 0;
}
