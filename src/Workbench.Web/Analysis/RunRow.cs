using System.Text.RegularExpressions;
using Workbench.Experiments;
using Workbench.Storage;
using Workbench.Storage.Entities;

namespace Workbench.Web.Analysis;

/// <summary>
/// One run as the table, the filter and the comparison see it: flattened config, the last value of every metric
/// and what the researcher added (tags, notes, archived).
/// </summary>
public sealed partial class RunRow
{
    public required int Id { get; init; }
    public required string Name { get; init; }
    public required RunStatus Status { get; init; }
    public required DateTime CreatedAt { get; init; }
    public DateTime? StartedAt { get; init; }
    public DateTime? FinishedAt { get; init; }
    public double Progress { get; init; }
    public long Step { get; init; }
    public int TotalSteps { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string? Notes { get; init; }
    public bool Archived { get; init; }
    /// <summary>The group (experiment) the run was queued in, by name; null for a run on its own.</summary>
    public string? Group { get; init; }
    public int? GroupId { get; init; }
    /// <summary>Where and as which job the run's worker runs (<c>local:pid 4242</c>, <c>slurm:1234</c>); null before it started.</summary>
    public string? Worker { get; init; }
    public required IReadOnlyDictionary<string, object?> Config { get; init; }
    /// <summary>Last value of each metric by its name (<c>eval/accuracy</c>).</summary>
    public required IReadOnlyDictionary<string, double> Metrics { get; init; }

    public static RunRow From(RunEntity run) => From(run, ConfigFlattener.Flatten(run.ConfigJson));

    /// <summary>A row over an already flattened config (the table caches them; configs never change).</summary>
    public static RunRow From(RunEntity run, IReadOnlyDictionary<string, object?> flatConfig) => new()
    {
        Id = run.Id,
        Name = run.Name,
        Status = run.Status,
        CreatedAt = run.CreatedAt,
        StartedAt = run.StartedAt,
        FinishedAt = run.FinishedAt,
        Progress = run.Progress,
        Step = run.Step,
        TotalSteps = run.TotalSteps,
        Tags = RunTags.Parse(run.Tags),
        Notes = run.Notes,
        Archived = run.Archived,
        Group = run.Group?.Name,
        GroupId = run.GroupId,
        Worker = run.WorkerLocation,
        Config = flatConfig,
        Metrics = run.Summaries.ToDictionary(s => s.Name, s => s.LastValue, StringComparer.Ordinal),
    };

    /// <summary>
    /// The values of a key: run fields (<c>id</c>, <c>name</c>, <c>status</c>, <c>tags</c>, <c>notes</c>, <c>archived</c>, <c>group</c>),
    /// <c>objective</c> (every term's kind), a config key, or a metric (<c>eval.accuracy</c> or <c>eval/accuracy</c>).
    /// Several values (tags, objective kinds) mean "any of them"; an unknown key has none.
    /// </summary>
    public IReadOnlyList<object?> Values(string key)
    {
        switch (key)
        {
            case "id": return [(double)Id];
            case "name": return [Name];
            case "status": return [Status.ToString().ToLowerInvariant()];
            case "tags" or "tag": return Tags.Cast<object?>().ToList();
            case "notes": return [Notes];
            case "archived": return [Archived];
            case "group": return [Group];
            case "worker": return [Worker];
            case "objective": return Config.Where(kv => ObjectiveKind().IsMatch(kv.Key)).Select(kv => kv.Value).ToList();
        }
        if (Config.TryGetValue(key, out var value)) return [value];
        if (Metric(key) is { } metric) return [metric];
        return [];
    }

    /// <summary>A summary metric by <c>eval/accuracy</c> or its dotted form <c>eval.accuracy</c>.</summary>
    public double? Metric(string key)
    {
        if (Metrics.TryGetValue(key, out var value)) return value;
        var slash = key.IndexOf('.', StringComparison.Ordinal) is var dot and > 0 ? key[..dot] + "/" + key[(dot + 1)..] : key;
        return Metrics.TryGetValue(slash, out value) ? value : null;
    }

    /// <summary>One value for a column cell or a sort/group key.</summary>
    public object? Value(string key) => Values(key) switch
    {
        [] => null,
        [var single] => single,
        var many => string.Join(", ", many.Select(ConfigFlattener.Format)),
    };

    [GeneratedRegex(@"^objectives\[\d+\]\.kind$")]
    private static partial Regex ObjectiveKind();
}
