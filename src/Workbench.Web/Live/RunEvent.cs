using Workbench.Experiments;

namespace Workbench.Web.Live;

/// <summary>Something that happened to a run, fanned out in-process to pages and hub streams.</summary>
public abstract record RunEvent(int RunId);

public sealed record MetricsArrived(int RunId, IReadOnlyList<MetricPoint> Points) : RunEvent(RunId);

public sealed record ProgressChanged(int RunId, RunProgress Progress) : RunEvent(RunId);

public sealed record StatusChanged(int RunId, RunStatus Status, string? Error) : RunEvent(RunId);

public sealed record RunCreated(int RunId) : RunEvent(RunId);

/// <summary>
/// This host took the first report of a run's worker since it started (the worker failed over from a dead host, or this host
/// restarted). What the previous host stored but never relayed (Redis delivers at most once) is in the database only, so a
/// live follower reads the history again, past what it has.
/// </summary>
public sealed record ReportingHostChanged(int RunId) : RunEvent(RunId);

public sealed record WorkerStarted(int RunId, RunStarted Info) : RunEvent(RunId);

/// <summary>The run's worker was started at <paramref name="Location"/> (<c>local:pid 4242</c>, <c>slurm:1234</c>).</summary>
public sealed record WorkerPlaced(int RunId, string Location) : RunEvent(RunId);

/// <summary>A LeaF run moved to another stage or advanced within it.</summary>
public sealed record StageChanged(int RunId, Workbench.Experiments.Leaf.RunStageProgress Stage) : RunEvent(RunId);

/// <summary>Stage-1 results of a batch of samples were stored.</summary>
public sealed record SamplesDetected(int RunId, IReadOnlyList<Workbench.Experiments.Leaf.DetectedSample> Samples) : RunEvent(RunId);

/// <summary>An attention snapshot of a probe sample was stored.</summary>
public sealed record AttentionCaptured(int RunId, Workbench.Experiments.Leaf.AttentionSnapshot Snapshot) : RunEvent(RunId);
public sealed record RunDeleted(int RunId) : RunEvent(RunId);

/// <summary>An on-policy run's latest samples from the student were stored.</summary>
public sealed record PolicySamplesReported(int RunId, Workbench.Experiments.OnPolicy.PolicySamples Samples) : RunEvent(RunId);
