using Workbench.Experiments;

namespace Workbench.RunProtocol.Reports;

/// <summary>A checkpoint file was written (the host accepts only regular files inside the run's own folder).</summary>
public sealed record CheckpointReport(int RunId, long Sequence, CheckpointSaved Checkpoint) : RunReport(RunId, Sequence);
