using Workbench.Experiments;

namespace Workbench.Storage.Entities;

/// <summary>A training run: its config (JSON), lifecycle and the last reported progress.</summary>
public sealed class RunEntity
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string ConfigJson { get; set; }
    public RunStatus Status { get; set; } = RunStatus.Queued;
    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public string? Error { get; set; }
    /// <summary>The web host whose scheduler claimed this run (<see cref="RunLeases"/>); null until claimed.</summary>
    public string? OwnerHost { get; set; }
    /// <summary>Until when <see cref="OwnerHost"/> holds the run; it renews while it supervises the worker, and another host recovers the run after this.</summary>
    public DateTime? LeaseExpiresAt { get; set; }
    public long Step { get; set; }
    public int TotalSteps { get; set; }
    public string? Device { get; set; }
    public long ParameterCount { get; set; }
    public double StepsPerSecond { get; set; }
    public double TokensPerSecond { get; set; }
    /// <summary>A LeaF run's current stage ("detection", "training"); null for ordinary runs.</summary>
    public string? Stage { get; set; }
    public int StageDone { get; set; }
    public int StageTotal { get; set; }
    /// <summary>Where and as which job the run's last worker ran: <c>local:pid 4242</c>, <c>slurm:1234</c>, <c>kubernetes:ns/job</c>.</summary>
    public string? WorkerLocation { get; set; }
    /// <summary>Sequence of the last worker report applied to this run: a report at or below it is a redelivery and skipped.</summary>
    public long ReportSequence { get; set; }
    /// <summary>
    /// SHA-256 (hex) of the live token of the run's worker; null when none runs. Kept with the run, so any host sharing the
    /// database recognises the worker when it fails over to it, and a relaunch (another token) shuts the old worker out everywhere.
    /// </summary>
    public string? WorkerTokenHash { get; set; }

    /// <summary>Free-form labels, stored comma-separated in first-added order (see <see cref="RunTags"/>).</summary>
    public string Tags { get; set; } = "";
    public string? Notes { get; set; }
    /// <summary>Hidden from the runs table unless archived runs are shown; nothing is deleted.</summary>
    public bool Archived { get; set; }
    /// <summary>The experiment (sweep) this run belongs to; null for a run queued on its own.</summary>
    public int? GroupId { get; set; }
    public RunGroupEntity? Group { get; set; }

    public List<MetricPointEntity> Metrics { get; set; } = [];
    public List<CheckpointEntity> Checkpoints { get; set; } = [];
    public List<MetricSummaryEntity> Summaries { get; set; } = [];

    public double Progress => TotalSteps == 0 ? 0 : Math.Clamp((double)Step / TotalSteps, 0, 1);
}
