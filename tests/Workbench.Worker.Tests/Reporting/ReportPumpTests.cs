using Workbench.Experiments;
using Workbench.RunProtocol.Reports;
using Workbench.Worker.Reporting;

namespace Workbench.Worker.Tests.Reporting;

public sealed class ReportPumpTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wb-pump-").FullName;

    [Fact]
    public async Task ReceiverAwayForAWhile_ReportsSpooledThenDeliveredOnceInOrder()
    {
        var receiver = new Receiver { Away = true };
        var queue = new ReportQueue(runId: 3, firstSequence: 1);
        var log = new StringWriter();
        await using var pump = new ReportPump(queue, receiver, new ReportSpool(_directory), log);

        for (var step = 1; step <= 50; step++)
        {
            queue.Metrics([new MetricPoint("train/loss", step, step, DateTime.UtcNow)]);
            if (step == 30) receiver.Away = false;
            await Task.Delay(10);
        }
        queue.Finished(RunStatus.Completed);
        Assert.True(await pump.CompleteAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(Enumerable.Range(1, 51).Select(s => (long)s), receiver.Sequences);
        Assert.Equal(Enumerable.Range(1, 50).Select(s => (long)s), receiver.Reports.OfType<MetricsReport>().Select(m => m.Points.Single().Step));
        Assert.IsType<FinishedReport>(receiver.Reports[^1]);
        Assert.False(File.Exists(Path.Combine(_directory, ReportSpool.FileName)));
        Assert.Contains("spooled report(s)", log.ToString());
    }

    [Fact]
    public async Task ProgressBurst_OnlyTheNewestOfABatchIsSent()
    {
        var receiver = new Receiver { Away = true };
        var queue = new ReportQueue(runId: 3, firstSequence: 10);
        await using var pump = new ReportPump(queue, receiver, new ReportSpool(_directory), TextWriter.Null);
        for (var step = 1; step <= 100; step++) queue.Progress(new RunProgress(step, 100, 1, 1));
        receiver.Away = false;
        queue.Finished(RunStatus.Completed);
        Assert.True(await pump.CompleteAsync(TimeSpan.FromSeconds(10)));

        var progress = receiver.Reports.OfType<ProgressReport>().ToList();
        Assert.True(progress.Count < 100);
        Assert.Equal(100, progress[^1].Progress.Step);
        Assert.Equal(receiver.Sequences.Order(), receiver.Sequences);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A receiver that refuses while away and records what it took, as the host's dedup would see it.</summary>
    private sealed class Receiver : IReportTransport
    {
        public volatile bool Away;
        public List<RunReport> Reports { get; } = [];
        public IEnumerable<long> Sequences => Reports.Select(r => r.Sequence);

        public Task DeliverAsync(IReadOnlyList<RunReport> reports, CancellationToken ct)
        {
            if (Away) throw new IOException("host unreachable");
            Reports.AddRange(reports);
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
