using Workbench.Experiments;
using Workbench.Storage.Entities;

namespace Workbench.Web.Api;

/// <summary>A run as the API shows it.</summary>
public sealed record RunDto(
    int Id,
    string Name,
    RunStatus Status,
    double Progress,
    long Step,
    int TotalSteps,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    string? Error,
    string? Device,
    long ParameterCount,
    double StepsPerSecond,
    double TokensPerSecond,
    RunConfig Config,
    IReadOnlyList<CheckpointDto> Checkpoints,
    string? Worker = null)
{
    public static RunDto From(RunEntity run) => new(
        run.Id, run.Name, run.Status, run.Progress, run.Step, run.TotalSteps, run.CreatedAt, run.StartedAt, run.FinishedAt,
        run.Error, run.Device, run.ParameterCount, run.StepsPerSecond, run.TokensPerSecond,
        RunConfigJson.Deserialize(run.ConfigJson),
        run.Checkpoints.Select(CheckpointDto.From).ToList(), run.WorkerLocation);
}

public sealed record CheckpointDto(int Id, int RunId, string Path, long Step, DateTime CreatedAt)
{
    public static CheckpointDto From(CheckpointEntity c) => new(c.Id, c.RunId, c.Path, c.Step, c.CreatedAt);
}
