using System.Globalization;
using System.Text;
using System.Text.Json;
using Workbench.Experiments;

namespace Workbench.Benchmarks;

public sealed record RunFigures(
    string Preset, TimeSpan Wall, int Steps, double StepsPerSecond, double TokensPerSecond,
    double? FinalAccuracy, int LivePoints, double LatencyMedianMs, double LatencyP95Ms)
{
    public static RunFigures From(RunPreset preset, JsonElement run, IReadOnlyList<MetricPoint> metrics, List<double> latencies)
    {
        var started = run.GetProperty("startedAt").GetDateTime();
        var finished = run.GetProperty("finishedAt").GetDateTime();
        var steps = run.GetProperty("totalSteps").GetInt32();
        var accuracy = metrics.Where(p => p.Name == MetricNames.EvalAccuracy).OrderBy(p => p.Step).LastOrDefault()?.Value;
        latencies.Sort();
        return new RunFigures(preset.Id, finished - started, steps,
            run.GetProperty("stepsPerSecond").GetDouble(), run.GetProperty("tokensPerSecond").GetDouble(),
            accuracy, latencies.Count, Percentile(latencies, 0.5), Percentile(latencies, 0.95));
    }

    private static double Percentile(List<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];
}

public sealed class BenchmarkReport
{
    public List<RunFigures> Runs { get; } = [];
    public TimeSpan DemoWallTime { get; set; }
    public long ServerRssMedian { get; set; }
    public long ServerRssPeak { get; set; }
    public long WorkerRssPeak { get; set; }
    public double RunPageMs { get; set; }
    public double MetricsApiMs { get; set; }

    public string ToMarkdown()
    {
        var c = CultureInfo.InvariantCulture;
        var s = new StringBuilder();
        s.AppendLine($"Machine: {Machine()}");
        s.AppendLine();
        s.AppendLine("| run | wall time | steps | steps/s | tokens/s | final eval accuracy | live points | metric → client p50 | p95 |");
        s.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var r in Runs)
            s.AppendLine(string.Create(c, $"| {r.Preset} | {r.Wall.TotalSeconds:0.0} s | {r.Steps} | {r.StepsPerSecond:0.0} | {r.TokensPerSecond:N0} | {r.FinalAccuracy:0.000} | {r.LivePoints} | {r.LatencyMedianMs:0} ms | {r.LatencyP95Ms:0} ms |"));
        s.AppendLine();
        s.AppendLine(string.Create(c, $"Demo (both runs, submit to completed): {DemoWallTime.TotalSeconds:0.0} s. Server RSS while training: median {ServerRssMedian / 1048576.0:0} MB, peak {ServerRssPeak / 1048576.0:0} MB; worker peak {WorkerRssPeak / 1048576.0:0} MB."));
        var points = Runs.Count == 0 ? 0 : Runs[^1].LivePoints;
        s.AppendLine(string.Create(c, $"Run page of the finished distillation ({points:N0} metric points), server-rendered: {RunPageMs:0} ms median; its full metrics over the API: {MetricsApiMs:0} ms."));
        return s.ToString();
    }

    public static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? long.Parse(File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1048576.0
            : 0;
        return string.Create(CultureInfo.InvariantCulture, $"{cpu ?? "unknown CPU"}, {Environment.ProcessorCount} cores, {memory:0} GB RAM, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
    }
}
