using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Workbench.Experiments;
using Workbench.RunProtocol;

namespace Workbench.Benchmarks;

/// <summary>
/// Metric produced → SignalR client: trains the demo teacher for <see cref="Steps"/> steps once per viewer count while that
/// many .NET clients follow it with <see cref="IRunsHub.StreamMetrics"/>, and reports the percentiles of receive time minus
/// the trainer's timestamp of every live point, over all viewers. Trainer, worker pump, hub, SQLite write and fan-out are
/// all on the path.
/// </summary>
public static class LatencyBenchmark
{
    public const int Steps = 300;

    public static async Task<string> RunAsync(ServerProcess server, IReadOnlyList<int> viewerCounts)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var table = new StringBuilder("| viewers | live points received | p50 | p95 | p99 | max | run wall time |\n|---|---|---|---|---|---|---|\n");
        foreach (var viewers in viewerCounts)
        {
            var config = RunPresets.Demo[0].Config with { Name = $"latency-{viewers}", Steps = Steps, EvalEvery = Steps };
            var response = await http.PostAsJsonAsync("/api/runs", config, RunConfigJson.Options);
            response.EnsureSuccessStatusCode();
            var runId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
            var wall = Stopwatch.StartNew();
            var followers = Enumerable.Range(0, viewers).Select(_ => FollowAsync(server.BaseAddress, runId)).ToList();
            var latencies = (await Task.WhenAll(followers)).SelectMany(l => l).Order().ToList();
            wall.Stop();
            var run = await http.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}");
            if (run.GetProperty("status").GetString() != "completed")
                throw new InvalidOperationException($"Run {runId} ended {run.GetProperty("status")}: {run.GetProperty("error")}");
            table.Append(CultureInfo.InvariantCulture,
                $"| {viewers} | {latencies.Count:N0} | {Percentile(latencies, 0.50):F0} ms | {Percentile(latencies, 0.95):F0} ms | {Percentile(latencies, 0.99):F0} ms | {latencies.LastOrDefault():F0} ms | {wall.Elapsed.TotalSeconds:F1} s |\n");
        }
        return table.ToString();
    }

    private static double Percentile(List<double> sorted, double q) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];

    /// <summary>Streams a run to its end; returns receive time minus production time of every point produced after it joined.</summary>
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
