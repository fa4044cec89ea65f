using Workbench.Experiments;

namespace Workbench.RunProtocol.Reports;

/// <summary>Scalar points, in the order the trainer produced them (a step's points arrive together).</summary>
public sealed record MetricsReport(int RunId, long Sequence, MetricPoint[] Points) : RunReport(RunId, Sequence);
