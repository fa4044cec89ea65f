using Workbench.Experiments;

namespace Workbench.Web.Live;

/// <summary>Something that happened to a run, fanned out in-process to pages and hub streams.</summary>
public abstract record RunEvent(int RunId);

public sealed record MetricsArrived(int RunId, IReadOnlyList<MetricPoint> Points) : RunEvent(RunId);

public sealed record ProgressChanged(int RunId, RunProgress Progress) : RunEvent(RunId);

public sealed record StatusChanged(int RunId, RunStatus Status, string? Error) : RunEvent(RunId);

public sealed record RunCreated(int RunId) : RunEvent(RunId);

public sealed record WorkerStarted(int RunId, RunStarted Info) : RunEvent(RunId);

public sealed record RunDeleted(int RunId) : RunEvent(RunId);
