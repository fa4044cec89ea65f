using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Nodes;

namespace Workbench.Experiments.Sweeps;

/// <summary>
/// Expands a <see cref="SweepSpec"/> into its runs: every combination of axis values (first axis outermost) for every
/// seed (outermost, so each seed's configurations queue together), each set on the base config's JSON tree by path and
/// checked by <see cref="RunConfigValidator"/>. Pure: nothing is queued here.
/// </summary>
public static class SweepExpander
{
    public const int MaxRuns = 500;
    public const int MaxAxes = 10;
    private const int MaxErrors = 100;

    public static SweepExpansion Expand(SweepSpec? spec)
    {
        var errors = new List<ValidationError>();
        if (spec is null) return Failed(new ValidationError("sweep", "A sweep is required."));
        if (GroupNames.Validate(spec.Name) is { } nameProblem) errors.Add(new("name", nameProblem));
        if (spec.Base is null) errors.Add(new("base", "A base config is required."));

        var seeds = spec.Seeds is { Count: > 0 } given ? given : spec.Base is null ? [] : [spec.Base.Seed];
        for (var i = 0; i < seeds.Count; i++)
            if (seeds[i] < 0) errors.Add(new($"seeds[{i}]", "A seed is zero or positive."));
        if (seeds.Distinct().Count() != seeds.Count) errors.Add(new("seeds", "Each seed may appear only once."));

        var axes = spec.Axes ?? [];
        if (axes.Count > MaxAxes) errors.Add(new("axes", $"At most {MaxAxes} axes."));
        var baseTree = spec.Base is null ? null : JsonSerializer.SerializeToNode(spec.Base, RunConfigJson.Options)!;
        var paths = new List<ConfigPath?>();
        for (var i = 0; i < axes.Count; i++) paths.Add(CheckAxis(axes, i, baseTree, errors));
        if (errors.Count > 0) return Failed([.. errors]);

        var count = seeds.Count * axes.Aggregate(1L, (product, axis) => product * axis.Values!.Count);
        if (count > MaxRuns) return Failed(new ValidationError("axes", $"The sweep expands to {count:N0} runs; at most {MaxRuns} may be queued at once."));
        errors.AddRange(BaselineErrors(axes, spec.Baseline));
        if (errors.Count > 0) return Failed([.. errors]);

        var runs = new List<SweepRun>();
        foreach (var seed in seeds)
        {
            foreach (var combination in Combinations(axes.Select(a => a.Values!.Count).ToList()))
            {
                var tree = baseTree!.DeepClone();
                var labels = new List<string>();
                for (var a = 0; a < axes.Count; a++)
                {
                    var value = axes[a].Values![combination[a]];
                    paths[a]!.TrySet(tree, JsonNode.Parse(value.GetRawText()), out _);   // checked per value above
                    labels.Add(Label(value));
                }
                tree["seed"] = seed;
                tree["name"] = string.Join('-', [spec.Name, .. labels, $"seed{seed}"]);
                var config = tree.Deserialize<RunConfig>(RunConfigJson.Options)!;
                var field = $"runs[{runs.Count}]";
                errors.AddRange(RunConfigValidator.Validate(config).Select(e => e with { Field = $"{field}.{e.Field}" }));
                runs.Add(new SweepRun(config, labels, seed));
            }
        }
        return errors.Count > 0 ? Failed([.. errors.Take(MaxErrors)]) : new SweepExpansion(runs, []);
    }

    /// <summary>A value as it appears in run names and tables: strings bare, anything else as compact JSON.</summary>
    public static string Label(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    // Parses the path and tries every value on the base config: it must lead to a field of the config that can hold it.
    private static ConfigPath? CheckAxis(IReadOnlyList<SweepAxis> axes, int i, JsonNode? baseTree, List<ValidationError> errors)
    {
        var axis = axes[i];
        var field = $"axes[{i}]";
        var path = ConfigPath.TryParse(axis.Path, out var pathError);
        if (path is null) { errors.Add(new($"{field}.path", pathError!)); return null; }
        if (axis.Path is "seed" or "name")
        {
            errors.Add(new($"{field}.path", axis.Path == "seed" ? "Seeds have their own list: use \"seeds\"." : "Each run's name is made from the sweep's name and its values."));
            return null;
        }
        if (axes.Take(i).Any(other => other.Path == axis.Path)) errors.Add(new($"{field}.path", $"'{axis.Path}' is already an axis."));
        if (axis.Values is not { Count: > 0 } values) { errors.Add(new($"{field}.values", "An axis needs at least one value.")); return null; }
        if (values.Select(v => v.GetRawText()).Distinct().Count() != values.Count) errors.Add(new($"{field}.values", "Each value may appear only once."));
        if (baseTree is null) return path;
        foreach (var value in values)
        {
            if (CheckValue(path, value, baseTree) is { } problem)
            {
                errors.Add(new($"{field}.path", problem));
                return null;
            }
        }
        return path;
    }

    private static string? CheckValue(ConfigPath path, JsonElement value, JsonNode baseTree)
    {
        var tree = baseTree.DeepClone();
        if (!path.TrySet(tree, JsonNode.Parse(value.GetRawText()), out var error)) return error;
        RunConfig config;
        try
        {
            config = tree.Deserialize<RunConfig>(RunConfigJson.Options)!;
        }
        catch (JsonException ex)
        {
            return $"'{path}' cannot hold {value.GetRawText()}: {ex.Message}";
        }
        // null means "unset" for an optional field (leaf.maxSpansPerSample), which is left out when written back: ask the
        // deserializer whether it knows every property instead.
        if (value.ValueKind == JsonValueKind.Null) return IsKnownField(tree) ? null : NotAField(path);
        // An unknown property is silently dropped by the deserializer; written back, it is gone.
        return path.Get(JsonSerializer.SerializeToNode(config, RunConfigJson.Options)!) is null ? NotAField(path) : null;
    }

    private static string NotAField(ConfigPath path) =>
        $"'{path}' is not a field of the config (or not one that applies to it, such as the shape of a model loaded from a checkpoint).";

    private static readonly JsonSerializerOptions s_strict = new(RunConfigJson.Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    private static bool IsKnownField(JsonNode tree)
    {
        try
        {
            tree.Deserialize<RunConfig>(s_strict);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Why <paramref name="baseline"/> is not a configuration of these axes (each key an axis, each value one of its values); empty when it is.</summary>
    public static IReadOnlyList<ValidationError> BaselineErrors(IReadOnlyList<SweepAxis>? axes, IReadOnlyDictionary<string, JsonElement>? baseline)
    {
        var errors = new List<ValidationError>();
        foreach (var (key, value) in baseline ?? new Dictionary<string, JsonElement>())
        {
            var axis = axes?.FirstOrDefault(a => a.Path == key);
            if (axis is null) errors.Add(new($"baseline.{key}", $"'{key}' is not an axis of this sweep."));
            else if (!(axis.Values ?? []).Any(v => JsonElement.DeepEquals(v, value)))
                errors.Add(new($"baseline.{key}", $"{value.GetRawText()} is not one of the axis's values."));
        }
        return errors;
    }

    // Every index tuple, the first axis outermost.
    private static IEnumerable<int[]> Combinations(IReadOnlyList<int> sizes)
    {
        var index = new int[sizes.Count];
        while (true)
        {
            yield return (int[])index.Clone();
            var d = sizes.Count - 1;
            while (d >= 0 && ++index[d] == sizes[d]) index[d--] = 0;
            if (d < 0) yield break;
        }
    }

    private static SweepExpansion Failed(params ValidationError[] errors) => new([], errors);
}
