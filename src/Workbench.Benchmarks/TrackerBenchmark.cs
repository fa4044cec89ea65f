using System.Diagnostics;
using System.Globalization;
using System.Text;
using Workbench.Experiments;

namespace Workbench.Benchmarks;

/// <summary>One timed request: median and worst of the timed repeats, and the response size.</summary>
public sealed record RequestFigure(string What, double FirstMs, double MedianMs, double MaxMs, long Bytes);

/// <summary>
/// The tracker's performance bar (issue 4), against a real server whose database is seeded directly: a run with
/// 1,000,000 points of one metric, a comparison of 20 runs × 100,000 points, and a runs table of 2,000 runs.
/// Each figure is the full HTTP request (server time plus payload): the first request (cold query; the process is
/// warmed up on other data) and the median and worst of 7 repeats (the server caches reduced series by version).
/// </summary>
public static class TrackerBenchmark
{
    public static async Task<string> RunAsync(ServerProcess server)
    {
        var seed = Stopwatch.StartNew();
        int bigRun;
        var compared = new List<int>();
        using (var seeder = new TrackerSeeder(server.DatabaseFile))
        {
            bigRun = seeder.AddRun(new RunConfig { Name = "one-million" }, 1_000_000);
            seeder.AddSeries(bigRun, MetricNames.TrainLoss, 1_000_000, seed: 1);
            for (var i = 0; i < 20; i++)
            {
                var id = seeder.AddRun(new RunConfig { Name = $"compare-{i:00}", LearningRate = 1e-3 * (i + 1) }, 100_000);
                seeder.AddSeries(id, MetricNames.TrainLoss, 100_000, seed: 100 + i);
                compared.Add(id);
            }
            seeder.AddManyRuns(2_000);
        }
        var seeded = seed.Elapsed;

        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        var runs = string.Join(',', compared);
        var filter = Uri.EscapeDataString("objective == \"jsd\" and eval.accuracy > 0.6 and learningRate < 0.001");
        // JIT and connection warm-up on other data, so "first" below is a cold query, not a cold process.
        foreach (var path in new[] { $"/api/runs/{compared[0]}/series?name=train/loss&points=700", $"/api/compare?runs={compared[0]}&points=700", "/api/runs/table?filter=name%3D%3Dx", "/" })
            (await http.GetAsync(path)).EnsureSuccessStatusCode();
        List<RequestFigure> figures =
        [
            await TimeAsync(http, "1,000,000-point run: chart data (GET /api/runs/{id}/series, 1,500 points)", $"/api/runs/{bigRun}/series?name=train/loss&points=1500"),
            await TimeAsync(http, "1,000,000-point run: zoom re-query (10 % of the range)", $"/api/runs/{bigRun}/series?name=train/loss&points=1500&from=400000&to=500000"),
            await TimeAsync(http, "1,000,000-point run: run page, server-rendered (GET /runs/{id})", $"/runs/{bigRun}"),
            await TimeAsync(http, "20 × 100,000 points: comparison (GET /api/compare, shared grid)", $"/api/compare?runs={runs}&metric=train/loss&points=1500"),
            await TimeAsync(http, "20 × 100,000 points: comparison page, server-rendered (GET /compare)", $"/compare?runs={runs}&metric=train/loss"),
            await TimeAsync(http, "2,000 runs: filtered table (GET /api/runs/table?filter=...)", $"/api/runs/table?filter={filter}"),
            await TimeAsync(http, "2,000 runs: runs page with the filter, server-rendered (GET /?filter=...)", $"/?filter={filter}"),
        ];

        var c = CultureInfo.InvariantCulture;
        var report = new StringBuilder();
        report.AppendLine(string.Create(c, $"Machine: {BenchmarkReport.Machine()}"));
        report.AppendLine(string.Create(c, $"Seeded 1,000,000 + 20 × 100,000 points and 2,021 runs into the server's SQLite file in {seeded.TotalSeconds:0.0} s."));
        report.AppendLine();
        report.AppendLine(string.Create(c, $"Load average while measuring: {LoadAverage()}."));
        report.AppendLine();
        report.AppendLine("| measurement | first request | repeated: median | worst | response |");
        report.AppendLine("|---|---|---|---|---|");
        foreach (var f in figures)
            report.AppendLine(string.Create(c, $"| {f.What} | {f.FirstMs:0} ms | {f.MedianMs:0} ms | {f.MaxMs:0} ms | {f.Bytes / 1024.0:0} KB |"));
        return report.ToString();
    }

    private static async Task<RequestFigure> TimeAsync(HttpClient http, string what, string path)
    {
        var first = Stopwatch.StartNew();
        (await http.GetAsync(path)).EnsureSuccessStatusCode();
        var firstMs = first.Elapsed.TotalMilliseconds;
        var times = new List<double>();
        long bytes = 0;
        for (var i = 0; i < 7; i++)
        {
            var watch = Stopwatch.StartNew();
            var body = await http.GetByteArrayAsync(path);
            times.Add(watch.Elapsed.TotalMilliseconds);
            bytes = body.Length;
        }
        times.Sort();
        return new RequestFigure(what, firstMs, times[times.Count / 2], times[^1], bytes);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
