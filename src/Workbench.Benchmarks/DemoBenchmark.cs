using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Experiments;
using Workbench.RunProtocol;

namespace Workbench.Benchmarks;

/// <summary>
/// Runs the built-in demo end to end against a real server and measures what a researcher feels: wall time,
/// training throughput, how long a metric takes from the trainer to a SignalR client, and server memory.
/// </summary>
public static class DemoBenchmark
{
    public static async Task<BenchmarkReport> RunAsync(ServerProcess server)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        await using var memory = new MemorySampler(server.ProcessId);
        var report = new BenchmarkReport();

        memory.Start();
        var total = Stopwatch.StartNew();
        foreach (var preset in RunPresets.Demo)
        {
            var response = await http.PostAsJsonAsync("/api/runs", preset.Config, RunConfigJson.Options);
            response.EnsureSuccessStatusCode();
            var runId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
            var latencies = await FollowAsync(server.BaseAddress, runId);
            var run = await http.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}");
            if (run.GetProperty("status").GetString() != "completed")
                throw new InvalidOperationException($"Run {preset.Id} ended {run.GetProperty("status")}: {run.GetProperty("error")}");
            var metrics = await http.GetFromJsonAsync<List<MetricPoint>>($"/api/runs/{runId}/metrics", RunConfigJson.Options) ?? [];
            report.Runs.Add(RunFigures.From(preset, run, metrics, latencies));
        }
        total.Stop();
        report.DemoWallTime = total.Elapsed;
        report.ServerRssMedian = memory.ServerMedianBytes;
        report.ServerRssPeak = memory.ServerPeakBytes;
        report.WorkerRssPeak = memory.WorkerPeakBytes;
        var lastRun = (await http.GetFromJsonAsync<JsonElement>("/api/runs"))[0].GetProperty("id").GetInt32();
        report.RunPageMs = await MedianMillisecondsAsync(http, $"/runs/{lastRun}");
        report.MetricsApiMs = await MedianMillisecondsAsync(http, $"/api/runs/{lastRun}/metrics");
        return report;
    }

    /// <summary>Median time to fetch a page or endpoint completely (server render + transfer), over 7 requests after a warm-up.</summary>
    private static async Task<double> MedianMillisecondsAsync(HttpClient http, string path)
    {
        await http.GetStringAsync(path);
        var times = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            var watch = Stopwatch.StartNew();
            await http.GetStringAsync(path);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return times.Order().ElementAt(times.Count / 2);
    }

    /// <summary>Streams a run to its end; returns receive time minus production time of every live point.</summary>
    private static async Task<List<double>> FollowAsync(Uri server, int runId)
    {
        await using var hub = RunsHubClient.Create(server);
        await hub.StartAsync();
        var latencies = new List<double>();
        var followFrom = DateTime.UtcNow;
        await foreach (var batch in hub.StreamMetrics(runId, CancellationToken.None))
        {
            var received = DateTime.UtcNow;
            latencies.AddRange(batch.Where(p => p.WallTime >= followFrom).Select(p => (received - p.WallTime).TotalMilliseconds));
        }
        return latencies;
    }
}
