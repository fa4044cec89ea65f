namespace Workbench.Experiments.Datasets;

/// <summary>Bounds on what an import accepts; the defaults are what the API and the page use.</summary>
public sealed record DatasetLimits
{
    public const long DefaultMaxFileBytes = 50L * 1024 * 1024;

    public static DatasetLimits Default { get; } = new();

    /// <summary>Largest file, in bytes (default 50 MiB).</summary>
    public long MaxFileBytes { get; init; } = DefaultMaxFileBytes;

    /// <summary>Longest line, in UTF-8 bytes without the line break (default 1 MiB).</summary>
    public int MaxLineBytes { get; init; } = 1024 * 1024;

    /// <summary>Most samples in one file (default 200,000).</summary>
    public int MaxSamples { get; init; } = 200_000;

    /// <summary>Errors kept for the report; later ones are only counted (default 200).</summary>
    public int MaxReportedErrors { get; init; } = 200;
}
