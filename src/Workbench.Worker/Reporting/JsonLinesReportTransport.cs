using System.Text.Json;
using Workbench.Experiments;
using Workbench.RunProtocol.Reports;

namespace Workbench.Worker.Reporting;

/// <summary>Headless delivery for scripts: one JSON object per report on stdout ({"event":"metrics","data":[...]}); progress is left to the bar.</summary>
public sealed class JsonLinesReportTransport(TextWriter output) : IReportTransport
{
    public async Task DeliverAsync(IReadOnlyList<RunReport> reports, CancellationToken ct)
    {
        foreach (var report in reports)
        {
            if (Line(report) is { } line) await output.WriteLineAsync(line);
        }
        await output.FlushAsync(ct);
    }

    private static string? Line(RunReport report) => report switch
    {
        StartedReport started => Write("started", started.Info),
        MetricsReport metrics => Write("metrics", metrics.Points),
        CheckpointReport checkpoint => Write("checkpoint", checkpoint.Checkpoint),
        StageReport stage => Write("stage", stage.Stage),
        DetectedReport detected => Write("detected", detected.Samples),
        AttentionReport attention => Write("attention", attention.Snapshot),
        PredictionsReport predictions => Write("predictions", predictions.Predictions),
        PolicySamplesReport policy => Write("policy_samples", policy.Samples),
        FinishedReport { Status: RunStatus.Failed } failed => Write("failed", new { reason = failed.Error }),
        FinishedReport finished => Write(finished.Status.ToString().ToLowerInvariant(), new { }),
        _ => null,
    };

    private static string Write(string kind, object payload) => JsonSerializer.Serialize(new { @event = kind, data = payload }, RunConfigJson.Options);

    public async ValueTask DisposeAsync() => await output.FlushAsync();
}
