using System.Text.Json;

namespace Workbench.Experiments.Sweeps;

/// <summary>
/// A sweep: a base config, a seed list and axes (a config path with a list of values). The Cartesian product of the
/// axes and seeds is queued as one group named <see cref="Name"/>; each run is named <c>&lt;name&gt;-&lt;axis values&gt;-seed&lt;N&gt;</c>.
/// </summary>
public sealed record SweepSpec
{
    public string Name { get; init; } = "";
    public RunConfig? Base { get; init; }
    /// <summary>One run per seed for every combination of axis values; null or empty = the base config's seed.</summary>
    public IReadOnlyList<int>? Seeds { get; init; }
    public IReadOnlyList<SweepAxis>? Axes { get; init; }
    /// <summary>The configuration others are compared with, as axis values: <c>{"leaf.mask": "none"}</c>; null = none chosen.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Baseline { get; init; }
    public string? Notes { get; init; }
}
