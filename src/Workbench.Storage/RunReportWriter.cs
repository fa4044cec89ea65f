using Workbench.Experiments;
using Workbench.RunProtocol.Reports;

namespace Workbench.Storage;

/// <summary>
/// Applies a worker's reports to the store once each and in order: a report whose sequence the run has already applied
/// (a batch redelivered after a lost acknowledgement, or replayed from the worker's spool) is skipped. Metrics, the bulk,
/// are appended together with the new sequence in one transaction. The web host and headless workers both write
/// through here.
/// </summary>
public sealed class RunReportWriter(RunStore runs, LeafStore leaf, PredictionStore predictions, PolicySampleStore policySamples)
{
    /// <summary>Writes the reports not applied yet and returns them, in sequence order, with the run's highest applied sequence.</summary>
    public async Task<(IReadOnlyList<RunReport> Applied, long Sequence)> WriteAsync(int runId, IReadOnlyList<RunReport> reports, CancellationToken ct = default)
    {
        var sequence = await runs.ReportSequenceAsync(runId, ct) ?? throw new InvalidOperationException($"Run {runId} does not exist.");
        var fresh = new List<RunReport>(reports.Count);
        foreach (var report in reports.OrderBy(r => r.Sequence))
        {
            if (report.Sequence <= sequence) continue;
            fresh.Add(report);
            sequence = report.Sequence;
        }
        var applied = new List<RunReport>(fresh.Count);
        for (var i = 0; i < fresh.Count;)
        {
            if (fresh[i] is MetricsReport)
            {
                // A run of consecutive metrics reports is one transaction, which checks the sequence again itself.
                var group = new List<MetricsReport>();
                for (; i < fresh.Count && fresh[i] is MetricsReport metrics; i++) group.Add(metrics);
                var written = (await runs.AppendReportedMetricsAsync(runId, [.. group.Select(m => (m.Sequence, m.Points))], ct)).ToHashSet();
                applied.AddRange(group.Where(m => written.Contains(m.Sequence)));
                continue;
            }
            await ApplyAsync(runId, fresh[i], ct);
            await runs.AdvanceReportSequenceAsync(runId, fresh[i].Sequence, ct);
            applied.Add(fresh[i]);
            i++;
        }
        return (applied, sequence);
    }

    private Task ApplyAsync(int runId, RunReport report, CancellationToken ct) => report switch
    {
        StartedReport started => runs.RecordStartedAsync(runId, started.Info, ct),
        ProgressReport progress => runs.RecordProgressAsync(runId, progress.Progress, ct),
        StageReport stage => leaf.RecordStageAsync(runId, stage.Stage, ct),
        CheckpointReport checkpoint => runs.AddCheckpointAsync(runId, checkpoint.Checkpoint, ct),
        DetectedReport detected => leaf.AddDetectedAsync(runId, detected.Samples, ct),
        AttentionReport attention => leaf.AddAttentionAsync(runId, attention.Snapshot, ct),
        PredictionsReport evaluation => predictions.AddAsync(runId, evaluation.Predictions, ct),
        PolicySamplesReport policy => policySamples.SaveAsync(runId, policy.Samples, ct),
        FinishedReport finished => runs.FinishAsync(runId, finished.Status, finished.Error, ct),
        _ => throw new InvalidDataException($"Unknown report {report.GetType().Name}."),
    };
}
