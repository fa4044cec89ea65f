using Workbench.Experiments;

namespace Workbench.RunProtocol.Reports;

/// <summary>The models are loaded: device, parameter count and the run's length.</summary>
public sealed record StartedReport(int RunId, long Sequence, RunStarted Info) : RunReport(RunId, Sequence);
