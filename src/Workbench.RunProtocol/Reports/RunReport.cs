using MessagePack;

namespace Workbench.RunProtocol.Reports;

/// <summary>
/// One thing a worker tells the host about its run. <see cref="Sequence"/> grows by one per report within a run (across the
/// run's resumed workers too), so the host applies each report once and in order however often it arrives.
/// A new kind is one record here, one union line below, and one case where the host applies it (<c>RunReportWriter</c>).
/// </summary>
[Union(0, typeof(StartedReport))]
[Union(1, typeof(MetricsReport))]
[Union(2, typeof(ProgressReport))]
[Union(3, typeof(StageReport))]
[Union(4, typeof(CheckpointReport))]
[Union(5, typeof(DetectedReport))]
[Union(6, typeof(AttentionReport))]
[Union(7, typeof(PredictionsReport))]
[Union(8, typeof(FinishedReport))]
[Union(9, typeof(PolicySamplesReport))]
public abstract record RunReport(int RunId, long Sequence);
