using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Experiments;
using Workbench.RunProtocol;
using Workbench.RunProtocol.Reports;
using Workbench.Tests.Shared;
using Workbench.Web.Live;
using Workbench.Web.Tests.Shared;
using Xunit.Abstractions;

namespace Workbench.Web.Tests.ScaleOut;

/// <summary>Two real web hosts on one PostgreSQL and one Redis (both started by the test), as two machines would run.</summary>
public sealed class TwoHostsTests(ITestOutputHelper output)
{
    private const int Viewers = 20;
    private const int Batches = 100;
    private const int PointsPerBatch = 5;

    private static async Task<(WorkbenchServer A, WorkbenchServer B)> TwoHostsAsync()
    {
        var postgres = await PostgreSqlServer.SharedAsync();
        var redis = await RedisServer.SharedAsync();
        var database = await postgres.CreateDatabaseAsync();
        Dictionary<string, string> Settings(string host) => new()
        {
            ["Workbench:Database:Provider"] = "postgresql",
            ["Workbench:Database:ConnectionString"] = database,
            ["Workbench:Redis"] = redis.Configuration,
            ["Workbench:HostId"] = host,
        };
        var a = WorkbenchServer.WithSettings(Settings("host-a"));
        var b = WorkbenchServer.WithSettings(Settings("host-b"));
        _ = a.BaseAddress;   // started (and the database migrated) before the other host and before any run exists
        _ = b.BaseAddress;
        return (a, b);
    }

    [Fact]
    public async Task MetricsReportedToHostA_ReachViewersAndPagesOnHostB_WithoutGapOrDuplicate()
    {
        var (hostA, hostB) = await TwoHostsAsync();
        await using var _a = hostA;
        await using var _b = hostB;
        var runId = await SeededRuns.AddAsync(hostA.Services, TinyConfigs.Teacher("two-hosts", steps: 10_000), RunStatus.Running);
        var token = hostA.Services.GetRequiredService<WorkerCredentials>().Issue(runId);

        // Host B: 20 SignalR viewers streaming the run's metrics, one following run status (a SignalR group: the backplane),
        // and a page's subscription to B's in-process feed.
        var viewers = new List<RunsHubClient>();
        var received = Enumerable.Range(0, Viewers).Select(_ => new List<(long Step, double LatencyMs)>()).ToArray();
        var streams = new List<Task>();
        for (var i = 0; i < Viewers; i++)
        {
            var viewer = hostB.CreateHubConnection();
            await viewer.StartAsync();
            viewers.Add(viewer);
            var mine = received[i];
            streams.Add(Task.Run(async () =>
            {
                await foreach (var batch in viewer.StreamMetrics(runId, CancellationToken.None))
                {
                    var now = DateTime.UtcNow;
                    mine.AddRange(batch.Select(p => (p.Step, (now - p.WallTime).TotalMilliseconds)));
                }
            }));
        }
        var statusOnB = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var following = viewers[0].On(new StatusWatcher(runId, statusOnB));
        await viewers[0].SubscribeRuns();
        var pageSteps = new ConcurrentQueue<long>();
        using var page = hostB.Services.GetRequiredService<RunEventFeed>().Subscribe(runId, e =>
        {
            if (e is MetricsArrived arrived) foreach (var point in arrived.Points) pageSteps.Enqueue(point.Step);
        });
        await Task.Delay(1000);   // let the streams reach their live tail (points before that would come from history, not measured live)

        // Host A: a worker reports 500 points in 100 batches, 50 ms apart, stamped when sent.
        await using var worker = hostA.CreateHubConnection(token);
        await worker.StartAsync();
        for (var b = 0; b < Batches; b++)
        {
            var points = Enumerable.Range(b * PointsPerBatch + 1, PointsPerBatch)
                .Select(step => new MetricPoint(MetricNames.TrainLoss, step, 1.0 / step, DateTime.UtcNow)).ToArray();
            await worker.Report(new ReportBatch(runId, [new MetricsReport(runId, b + 1, points)]));
            await Task.Delay(50);
        }
        await worker.Report(new ReportBatch(runId, [new FinishedReport(runId, Batches + 1, RunStatus.Completed, null)]));

        await Task.WhenAll(streams).WaitAsync(TimeSpan.FromMinutes(1));   // each stream ends with the run, on host B
        Assert.Equal(nameof(RunStatus.Completed), await statusOnB.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        var expected = Enumerable.Range(1, Batches * PointsPerBatch).Select(s => (long)s).ToList();
        Assert.All(received, viewer => Assert.Equal(expected, viewer.Select(p => p.Step)));   // every point, once, in order
        Assert.Equal(expected, pageSteps);

        var latencies = received.SelectMany(v => v.Select(p => p.LatencyMs)).Order().ToList();
        double Percentile(double q) => latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(q * latencies.Count) - 1)];
        output.WriteLine($"{Viewers} viewers on host B x {expected.Count} points reported to host A ({Batches} batches, 50 ms apart): " +
            $"latency p50 {Percentile(0.5):F1} ms, p95 {Percentile(0.95):F1} ms, max {latencies[^1]:F1} ms");
        foreach (var viewer in viewers) await viewer.DisposeAsync();
    }

    private sealed class StatusWatcher(int runId, TaskCompletionSource<string> status) : IRunsClient
    {
        public Task RunStatusChanged(int id, string newStatus, string? error)
        {
            if (id == runId) status.TrySetResult(newStatus);
            return Task.CompletedTask;
        }
    }
}
