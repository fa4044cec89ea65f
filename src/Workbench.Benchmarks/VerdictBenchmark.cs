using System.Diagnostics;
using System.Globalization;
using System.Text;
using Workbench.Experiments;
using Workbench.Experiments.Evaluation;
using Workbench.Experiments.Leaf;

namespace Workbench.Benchmarks;

/// <summary>
/// The verdict's performance bar (issue 9), against a real server whose database is seeded directly: a sweep of 50
/// runs (5 configurations × 10 seeds) with 10 key metrics each (eval/accuracy and accuracy, copy rate and CAM share of
/// three evaluation sets) plus detection, system and loss metrics and a 2,000-point training curve. It times the
/// aggregation alone (the server's Server-Timing header on <c>GET /api/verdict</c>), that request whole, and the compare
/// page with the verdict, server-rendered. First request, then the median and worst of 7 repeats.
/// </summary>
public static class VerdictBenchmark
{
    private static readonly string[] s_sets = ["iid", "ood", "hard"];

    public static async Task<string> RunAsync(ServerProcess server)
    {
        var seed = Stopwatch.StartNew();
        var ids = new List<int>();
        using (var seeder = new TrackerSeeder(server.DatabaseFile))
        {
            string?[] masks = [null, LeafMasks.None, LeafMasks.Instruction, LeafMasks.InstructionResponse, "rho-0.2"];
            var random = new Random(9);
            for (var k = 0; k < masks.Length; k++)
                for (var s = 1; s <= 10; s++)
                {
                    var config = new RunConfig
                    {
                        Name = $"sweep-c{k}-s{s}", Seed = s,
                        Teacher = new ModelRef { Checkpoint = "leaf-teacher" },
                        Objectives = [new() { Kind = ObjectiveKinds.CrossEntropy, Weight = 0.5 }, new() { Kind = ObjectiveKinds.ForwardKl }],
                        EvalSets = s_sets.Select(set => new EvalSet(set, "imported:gsm-ic", set)).ToList(),
                        Leaf = masks[k] switch
                        {
                            null => null,
                            "rho-0.2" => new LeafConfig { Rho = 0.2 },
                            var mask => new LeafConfig { Mask = mask },
                        },
                    };
                    var id = seeder.AddRun(config, 2_000);
                    seeder.AddSeries(id, MetricNames.TrainLoss, 2_000, seed: id);
                    foreach (var (name, value) in Metrics(k, random))
                        seeder.AddSummary(id, name, 2_000, value, value, value, 5);
                    ids.Add(id);
                }
        }
        var seeded = seed.Elapsed;

        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        var runs = string.Join(',', ids);
        // JIT and connection warm-up on a smaller set, so "first" below is a cold query, not a cold process.
        foreach (var path in new[] { $"/api/verdict?runs={string.Join(',', ids.Take(4))}", $"/compare?runs={string.Join(',', ids.Take(4))}" })
            (await http.GetAsync(path)).EnsureSuccessStatusCode();

        var aggregation = await TimeAsync(http, "50 runs × 10 key metrics: aggregation alone (Server-Timing of GET /api/verdict)", $"/api/verdict?runs={runs}", serverTiming: true);
        List<RequestFigure> figures =
        [
            aggregation,
            await TimeAsync(http, "50 runs: verdict as JSON (GET /api/verdict, whole request)", $"/api/verdict?runs={runs}"),
            await TimeAsync(http, "50 runs: compare page with the verdict, server-rendered (GET /compare)", $"/compare?runs={runs}&metric=eval/ood/accuracy"),
        ];

        var c = CultureInfo.InvariantCulture;
        var report = new StringBuilder();
        report.AppendLine(string.Create(c, $"Machine: {BenchmarkReport.Machine()}"));
        report.AppendLine(string.Create(c, $"Seeded 50 runs (5 configurations × 10 seeds, 20 summary metrics and 2,000 points each) in {seeded.TotalSeconds:0.0} s. Load average while measuring: {LoadAverage()}."));
        report.AppendLine();
        report.AppendLine("| measurement | first request | repeated: median | worst | response |");
        report.AppendLine("|---|---|---|---|---|");
        foreach (var f in figures)
            report.AppendLine(string.Create(c, $"| {f.What} | {f.FirstMs:0.0} ms | {f.MedianMs:0.0} ms | {f.MaxMs:0.0} ms | {f.Bytes / 1024.0:0} KB |"));
        return report.ToString();
    }

    // 10 key metrics, then detection, system and loss metrics; LeaF configurations (c ≥ 1) do better out of distribution.
    private static IEnumerable<(string Name, double Value)> Metrics(int configuration, Random random)
    {
        double Noise(double scale) => (random.NextDouble() - 0.5) * scale;
        var lift = configuration == 0 ? 0 : 0.05 + 0.02 * configuration;
        yield return (MetricNames.EvalAccuracy, 0.7 + Noise(0.04));
        foreach (var set in s_sets)
        {
            yield return (EvalMetricNames.For(set, EvalMetricNames.Accuracy), 0.4 + lift + Noise(0.04));
            yield return (EvalMetricNames.For(set, EvalMetricNames.CopyRate), 0.4 - lift + Noise(0.04));
            yield return (EvalMetricNames.For(set, EvalMetricNames.CamShare), 0.25 - lift / 2 + Noise(0.02));
            yield return (EvalMetricNames.For(set, EvalMetricNames.Loss), 1.2 + Noise(0.1));
        }
        yield return ("detect/precision", 0.6 + Noise(0.1));
        yield return ("detect/recall", 0.5 + Noise(0.1));
        yield return ("detect/f1", 0.55 + Noise(0.1));
        yield return (MetricNames.ProcessMemory, 400 + Noise(40));
        yield return (MetricNames.TokensPerSecond, 15_000 + Noise(2_000));
        yield return (MetricNames.EvalLoss, 1.0 + Noise(0.1));
    }

    private static async Task<RequestFigure> TimeAsync(HttpClient http, string what, string path, bool serverTiming = false)
    {
        async Task<(double Ms, long Bytes)> OnceAsync()
        {
            var watch = Stopwatch.StartNew();
            using var response = await http.GetAsync(path);
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadAsByteArrayAsync();
            var elapsed = watch.Elapsed.TotalMilliseconds;
            if (!serverTiming) return (elapsed, body.Length);
            var header = response.Headers.GetValues("Server-Timing").Single();      // verdict;dur=12.345
            return (double.Parse(header[(header.IndexOf("dur=", StringComparison.Ordinal) + 4)..], CultureInfo.InvariantCulture), body.Length);
        }

        var (firstMs, _) = await OnceAsync();
        var times = new List<double>();
        long bytes = 0;
        for (var i = 0; i < 7; i++)
        {
            var (ms, size) = await OnceAsync();
            times.Add(ms);
            bytes = size;
        }
        times.Sort();
        return new RequestFigure(what, firstMs, times[times.Count / 2], times[^1], bytes);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
