using Workbench.Experiments;

namespace Workbench.RunProtocol;

/// <summary>
/// What the run hub offers its callers. Workers call <see cref="Report"/> (with their run's token, see
/// <see cref="RunsHubEndpoint.TokenHeader"/>); scripts, tests and benchmarks follow runs with the other two.
/// <see cref="RunsHubClient"/> calls these over a connection; the server's hub implements them.
/// </summary>
public interface IRunsHub
{
    /// <summary>Applies the batch's reports not applied yet (by sequence) and returns the run's highest applied sequence.</summary>
    Task<long> Report(ReportBatch batch);

    /// <summary>Joins the group that receives <see cref="IRunsClient.RunStatusChanged"/> for every run.</summary>
    Task SubscribeRuns();

    /// <summary>The run's metric history, then its live tail, with no gap and no duplicates; ends with the run.</summary>
    IAsyncEnumerable<MetricPoint[]> StreamMetrics(int runId, CancellationToken ct);
}
