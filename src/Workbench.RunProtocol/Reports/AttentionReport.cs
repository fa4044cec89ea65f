using Workbench.Experiments.Leaf;

namespace Workbench.RunProtocol.Reports;

/// <summary>Attention probabilities of a probe sample.</summary>
public sealed record AttentionReport(int RunId, long Sequence, AttentionSnapshot Snapshot) : RunReport(RunId, Sequence);
