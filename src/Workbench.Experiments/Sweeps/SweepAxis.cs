using System.Text.Json;

namespace Workbench.Experiments.Sweeps;

/// <summary>One dimension of a sweep: the config path it sets (<c>leaf.rho</c>) and the values it takes, in order.</summary>
public sealed record SweepAxis
{
    public string Path { get; init; } = "";
    public IReadOnlyList<JsonElement>? Values { get; init; }

    /// <summary>An axis over plain values (numbers, strings, booleans), for code that builds sweeps.</summary>
    public static SweepAxis Of<T>(string path, params T[] values) => new()
    {
        Path = path,
        Values = values.Select(v => JsonSerializer.SerializeToElement(v, RunConfigJson.Options)).ToList(),
    };
}
