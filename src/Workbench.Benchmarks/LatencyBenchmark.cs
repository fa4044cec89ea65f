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
/// the trainer's timestamp of every live point, over all viewers. Trainer, worker pump, hub, database write and fan-out are
/// all on the path. With several hosts (<see cref="TwoHosts"/>), the viewers follow the run on a host other than the one
/// whose worker trains it, so every point also crosses Redis.
/// </summary>
public static class LatencyBenchmark
{
    public const int Steps = 300;

    /// <param name="hosts">Hosts sharing one database (and Redis when more than one): the run is submitted to the first.</param>
    public static async Task<string> RunAsync(IReadOnlyList<ServerProcess> hosts, IReadOnlyList<int> viewerCounts)
    {
        using var http = new HttpClient { BaseAddress = hosts[0].BaseAddress };
        var table = new StringBuilder("| viewers | live points received | p50 | p95 | p99 | max | run wall time |\n|---|---|---|---|---|---|---|\n");
        foreach (var viewers in viewerCounts)
        {
            var config = RunPresets.Demo[0].Config with { Name = $"latency-{viewers}", Steps = Steps, EvalEvery = Steps };
            var response = await http.PostAsJsonAsync("/api/runs", config, RunConfigJson.Options);
            response.EnsureSuccessStatusCode();
            var runId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
            var wall = Stopwatch.StartNew();
            var viewed = hosts.Count == 1 ? hosts[0] : await OtherThanExecutingAsync(http, hosts, runId);
            var followers = Enumerable.Range(0, viewers).Select(_ => FollowAsync(viewed.BaseAddress, runId)).ToList();
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

    /// <summary>
    /// Any host's scheduler may claim the run: the one whose child process its local worker is (<c>local:pid N</c>, N's parent)
    /// is the executing host, and the viewers go to another.
    /// </summary>
    private static async Task<ServerProcess> OtherThanExecutingAsync(HttpClient http, IReadOnlyList<ServerProcess> hosts, int runId)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(120); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            var run = await http.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}");
            if (run.TryGetProperty("worker", out var worker) && worker.GetString() is { } location && location.StartsWith("local:pid ", StringComparison.Ordinal))
            {
                var parent = ParentProcessId(int.Parse(location["local:pid ".Length..], CultureInfo.InvariantCulture));
                return hosts.FirstOrDefault(h => h.ProcessId != parent) ?? throw new InvalidOperationException("No host other than the executing one.");
            }
        }
        throw new TimeoutException($"Run {runId} did not start a local worker within 120 s.");
    }

    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so count from the last ')'.
    private static int ParentProcessId(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
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
