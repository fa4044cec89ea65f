using Workbench.Experiments;

namespace Workbench.RunProtocol.Reports;

/// <summary>Step, length and speed; only the newest of a batch is sent (older ones are superseded, their sequence skipped).</summary>
public sealed record ProgressReport(int RunId, long Sequence, RunProgress Progress) : RunReport(RunId, Sequence);
