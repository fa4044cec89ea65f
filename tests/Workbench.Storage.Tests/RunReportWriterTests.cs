using Workbench.Experiments;
using Workbench.RunProtocol.Reports;

namespace Workbench.Storage.Tests;

public sealed class RunReportWriterTests
{
    private const int Reports = 40;
    private const int PointsPerReport = 5;
    private const int BatchSize = 8;

    // A worker's batches delivered again while the first delivery is still being written (a lost acknowledgement, a host
    // restart, a second host): four writers, each with its own connections, apply the same reports at the same time.
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task WriteAsync_SameBatchesRacingFromFourWriters_EveryPointStoredOnce(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateMigratedAsync(provider);
        var runId = (await database.Store().CreateAsync(new RunConfig { Name = "redelivered" })).Id;
        var reports = Enumerable.Range(1, Reports).Select(r => (RunReport)new MetricsReport(runId, r,
            [.. Enumerable.Range((r - 1) * PointsPerReport + 1, PointsPerReport).Select(step => new MetricPoint(MetricNames.TrainLoss, step, 1.0 / step, DateTime.UtcNow))])).ToList();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task<long> WriterAsync(int writer)
        {
            var connection = database.Settings.ConnectionString + (provider == DatabaseProvider.PostgreSql ? $";Application Name=writer-{writer}" : "");
            var factory = TestDatabase.FactoryFor(database.Settings with { ConnectionString = connection });
            var runs = new RunStore(factory, TimeProvider.System);
            var reportWriter = new RunReportWriter(runs, new LeafStore(factory), new PredictionStore(factory), new PolicySampleStore(factory));
            await start.Task;
            var sequence = 0L;
            foreach (var batch in reports.Chunk(BatchSize)) sequence = (await reportWriter.WriteAsync(runId, batch)).Sequence;
            return sequence;
        }

        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() => WriterAsync(w))).ToList();
        start.SetResult();
        var acknowledged = await Task.WhenAll(writers);

        Assert.All(acknowledged, sequence => Assert.Equal(Reports, sequence));
        var steps = (await database.Store().GetMetricsAsync(runId)).Select(p => p.Step).Order().ToList();
        Assert.Equal(Enumerable.Range(1, Reports * PointsPerReport).Select(s => (long)s), steps);   // each once
        Assert.Equal(Reports, await database.Store().ReportSequenceAsync(runId));
    }
}
