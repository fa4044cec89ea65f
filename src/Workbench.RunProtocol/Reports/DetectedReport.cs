using Workbench.Experiments.Leaf;

namespace Workbench.RunProtocol.Reports;

/// <summary>Stage-1 (detection) results of a batch of LeaF samples.</summary>
public sealed record DetectedReport(int RunId, long Sequence, DetectedSample[] Samples) : RunReport(RunId, Sequence);
