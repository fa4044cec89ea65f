using Workbench.Experiments.Leaf;

namespace Workbench.RunProtocol.Reports;

/// <summary>A LeaF run moved to another stage or advanced within it.</summary>
public sealed record StageReport(int RunId, long Sequence, RunStageProgress Stage) : RunReport(RunId, Sequence);
