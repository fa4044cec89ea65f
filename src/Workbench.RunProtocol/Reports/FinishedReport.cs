using Workbench.Experiments;

namespace Workbench.RunProtocol.Reports;

/// <summary>The run's last report: completed, failed (with the reason) or cancelled on request.</summary>
public sealed record FinishedReport(int RunId, long Sequence, RunStatus Status, string? Error) : RunReport(RunId, Sequence);
