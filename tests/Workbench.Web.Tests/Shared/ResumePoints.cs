using Workbench.Experiments;

namespace Workbench.Web.Tests.Shared;

/// <summary>Where a resume should start, as the tests read it from outside: the disk and the stored points.</summary>
public static class ResumePoints
{
    /// <summary>
    /// The newest complete step-N folder at or before the last step whose training loss <paramref name="server"/> stored (so the
    /// history has no gap), else the newest complete one.
    /// </summary>
    public static async Task<long> ExpectedAsync(WorkbenchServer server, string dataDirectory, int runId)
    {
        var stored = (await server.Store.GetMetricsAsync(runId)).Where(p => p.Name == MetricNames.TrainLoss).Select(p => p.Step).DefaultIfEmpty(0).Max();
        var onDisk = ResumableCheckpoint.List(Path.Combine(dataDirectory, "runs", runId.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Select(ResumableCheckpoint.StepOf).ToList();
        return onDisk.Where(s => s <= stored).DefaultIfEmpty(onDisk.Max()).Max();
    }
}
