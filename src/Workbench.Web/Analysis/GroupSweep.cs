using System.Text.Json;
using Workbench.Experiments;
using Workbench.Experiments.Sweeps;
using Workbench.Storage.Entities;

namespace Workbench.Web.Analysis;

/// <summary>Reads what a group stores of its sweep: the spec, the baseline, and each run's value on every axis.</summary>
public static class GroupSweep
{
    public static SweepSpec? Parse(RunGroupEntity group) =>
        group.SweepJson is { } json ? JsonSerializer.Deserialize<SweepSpec>(json, RunConfigJson.Options) : null;

    public static IReadOnlyDictionary<string, JsonElement>? Baseline(RunGroupEntity group) =>
        group.BaselineJson is { } json ? JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json, RunConfigJson.Options) : null;

    /// <summary>The run's value on each axis as the table shows it (a flattened config key equals the axis path).</summary>
    public static IReadOnlyList<string> AxisValues(SweepSpec? sweep, IReadOnlyDictionary<string, object?> flatConfig) =>
        (sweep?.Axes ?? []).Select(a => flatConfig.TryGetValue(a.Path, out var value) ? ConfigFlattener.Format(value) : "–").ToList();

    /// <summary>True when the run's flattened config has every baseline value.</summary>
    public static bool IsBaseline(IReadOnlyDictionary<string, JsonElement>? baseline, IReadOnlyDictionary<string, object?> flatConfig) =>
        baseline is { Count: > 0 } && baseline.All(b => flatConfig.TryGetValue(b.Key, out var value) && Matches(b.Value, value));

    private static bool Matches(JsonElement expected, object? actual) => (expected.ValueKind, actual) switch
    {
        (JsonValueKind.String, string s) => expected.GetString() == s,
        (JsonValueKind.Number, double d) => expected.GetDouble() == d,
        (JsonValueKind.True, bool b) => b,
        (JsonValueKind.False, bool b) => !b,
        (JsonValueKind.Null, null) => true,
        _ => false,
    };
}
