using System.Text.Json;
using Workbench.Experiments;
using Workbench.Experiments.Sweeps;
using Workbench.Storage.Entities;
using Workbench.Web.Analysis;

namespace Workbench.Web.Api;

/// <summary>A group as the API shows it: the sweep that made it, its baseline and its runs with status, axis values and config.</summary>
public sealed record GroupDto(
    int Id,
    string Name,
    DateTime CreatedAt,
    string? Notes,
    SweepSpec? Sweep,
    IReadOnlyDictionary<string, JsonElement>? Baseline,
    int Completed,
    int Total,
    IReadOnlyList<GroupRunDto> Runs)
{
    public static GroupDto From(RunGroupEntity group)
    {
        var sweep = GroupSweep.Parse(group);
        var runs = group.Runs.Select(r => GroupRunDto.From(r, sweep)).ToList();
        return new(group.Id, group.Name, group.CreatedAt, group.Notes, sweep, GroupSweep.Baseline(group),
            runs.Count(r => r.Status == RunStatus.Completed), runs.Count, runs);
    }
}

/// <summary>One run of a group: where it is, what it trains, and the values its sweep gave it (in axis order).</summary>
public sealed record GroupRunDto(int Id, string Name, RunStatus Status, long Step, int TotalSteps, string? Error,
    IReadOnlyList<string> AxisValues, int Seed, RunConfig Config)
{
    public static GroupRunDto From(RunEntity run, SweepSpec? sweep)
    {
        var config = RunConfigJson.Deserialize(run.ConfigJson);
        return new(run.Id, run.Name, run.Status, run.Step, run.TotalSteps, run.Error,
            GroupSweep.AxisValues(sweep, ConfigFlattener.Flatten(run.ConfigJson)), config.Seed, config);
    }
}

/// <summary>PATCH /api/groups/{id}: fields left null stay as they are; an empty notes string or baseline object clears it.</summary>
public sealed record GroupPatch(string? Name, string? Notes, IReadOnlyDictionary<string, JsonElement>? Baseline);

/// <summary>What POST /api/sweeps queued.</summary>
public sealed record SweepCreated(int GroupId, IReadOnlyList<int> RunIds);
