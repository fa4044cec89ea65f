namespace Workbench.Experiments;

/// <summary>
/// The contract between a worker process and the web host's hub. The worker calls the Report* methods;
/// subscribers (scripts, tests) call <see cref="StreamMetrics"/> and listen for <see cref="RunStatusChanged"/>.
/// </summary>
public static class WorkerProtocol
{
    public const string HubPath = "/hubs/runs";
    /// <summary>Header carrying the secret the host hands each worker (its run's own); Report* calls into other runs are refused.</summary>
    public const string TokenHeader = "X-Workbench-Worker-Token";

    public const string ReportStarted = nameof(ReportStarted);       // (runId, RunStarted)
    public const string ReportMetrics = nameof(ReportMetrics);       // (runId, MetricPoint[])
    public const string ReportProgress = nameof(ReportProgress);     // (runId, RunProgress)
    public const string ReportCheckpoint = nameof(ReportCheckpoint); // (runId, CheckpointSaved)
    public const string ReportStage = nameof(ReportStage);           // (runId, Leaf.RunStageProgress)
    public const string ReportDetection = nameof(ReportDetection);   // (runId, Leaf.DetectedSample[])
    public const string ReportAttention = nameof(ReportAttention);   // (runId, Leaf.AttentionSnapshot)
    public const string ReportPredictions = nameof(ReportPredictions); // (runId, Evaluation.EvalPredictions)
    public const string ReportPolicySamples = nameof(ReportPolicySamples); // (runId, OnPolicy.PolicySamples)
    public const string ReportCompleted = nameof(ReportCompleted);   // (runId)
    public const string ReportFailed = nameof(ReportFailed);         // (runId, string reason)

    public const string StreamMetrics = nameof(StreamMetrics);       // (runId) -> stream of MetricPoint[]
    public const string RunStatusChanged = nameof(RunStatusChanged); // client event: (runId, status, error)
    public const string SubscribeRuns = nameof(SubscribeRuns);       // join the status-change group
}

public sealed record RunStarted(string Device, long ParameterCount, int TotalSteps);

public sealed record RunProgress(long Step, int TotalSteps, double StepsPerSecond, double TokensPerSecond);

public sealed record CheckpointSaved(string Path, long Step);
