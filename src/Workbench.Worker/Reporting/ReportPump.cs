using System.Diagnostics;
using Workbench.RunProtocol.Reports;

namespace Workbench.Worker.Reporting;

/// <summary>
/// The worker's one pump and its only batching stage: it sends whatever the queue holds as one batch, at once after a
/// quiet spell and at most once per <see cref="MinInterval"/> while reports keep coming, so the step rate never sets the
/// message rate and an idle run's point leaves immediately. Of several progress reports in a batch only the newest goes.
/// A batch the receiver does not take is spooled to disk (<see cref="ReportSpool"/>) and so is everything after it, while
/// training goes on; every <see cref="RetryInterval"/> the spool is sent again, in order, and cleared once delivered.
/// </summary>
public sealed class ReportPump : IAsyncDisposable
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(20);
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);
    private const int ReplayChunk = 256;

    private readonly ReportQueue _queue;
    private readonly IReportTransport _transport;
    private readonly ReportSpool _spool;
    private readonly TextWriter _log;
    private readonly Task _loop;
    private long _nextAttempt;
    private bool _refused;

    public ReportPump(ReportQueue queue, IReportTransport transport, ReportSpool spool, TextWriter log)
    {
        _queue = queue;
        _transport = transport;
        _spool = spool;
        _log = log;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Reports delivered to the receiver so far.</summary>
    public long Delivered { get; private set; }

    /// <summary>
    /// Waits until the queue is finished and sent; a spool left by an absent receiver gets until <paramref name="grace"/>
    /// to go. True when nothing is left undelivered (else the spool stays in the run folder and says so on stderr).
    /// </summary>
    public async Task<bool> CompleteAsync(TimeSpan grace)
    {
        await _loop;
        var deadline = Stopwatch.GetTimestamp() + (long)(grace.TotalSeconds * Stopwatch.Frequency);
        while (_spool.HasPending && !_refused && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(RetryInterval);
            await TryReplayAsync();
        }
        if (!_spool.HasPending) return true;
        await _log.WriteLineAsync($"{_spool.ReadAll().Count} report(s) could not be delivered; they stay in {_spool.Path}.");
        return false;
    }

    private async Task LoopAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<RunReport>();
        while (await reader.WaitToReadAsync())
        {
            var started = Stopwatch.GetTimestamp();
            ProgressReport? progress = null;
            while (reader.TryRead(out var report))
            {
                if (report is ProgressReport newer) progress = newer;   // superseded ones are skipped, their numbers with them
                else batch.Add(report);
            }
            if (progress is not null) InsertInOrder(batch, progress);
            await DeliverAsync(batch);
            batch.Clear();
            var wait = MinInterval - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.Zero) await Task.Delay(wait);
        }
    }

    private static void InsertInOrder(List<RunReport> batch, RunReport report)
    {
        var index = batch.FindIndex(r => r.Sequence > report.Sequence);
        batch.Insert(index < 0 ? batch.Count : index, report);
    }

    private async Task DeliverAsync(List<RunReport> batch)
    {
        if (_spool.HasPending)
        {
            _spool.Append(batch);   // behind what is already waiting, so order holds
            await TryReplayAsync();
            return;
        }
        try
        {
            await _transport.DeliverAsync(batch, CancellationToken.None);
            Delivered += batch.Count;
        }
        catch (Exception ex)
        {
            _spool.Append(batch);
            OnFailure(ex);
        }
    }

    private async Task TryReplayAsync()
    {
        if (_refused || Stopwatch.GetTimestamp() < _nextAttempt) return;
        try
        {
            var replay = Stopwatch.StartNew();
            var pending = _spool.ReadAll();
            for (var i = 0; i < pending.Count; i += ReplayChunk)
                await _transport.DeliverAsync(pending.Skip(i).Take(ReplayChunk).ToList(), CancellationToken.None);
            _spool.Clear();
            Delivered += pending.Count;
            await _log.WriteLineAsync($"Delivered {pending.Count} spooled report(s) in {replay.Elapsed.TotalMilliseconds:F0} ms.");
        }
        catch (Exception ex)
        {
            OnFailure(ex);
        }
    }

    private void OnFailure(Exception ex)
    {
        _nextAttempt = Stopwatch.GetTimestamp() + (long)(RetryInterval.TotalSeconds * Stopwatch.Frequency);
        if (ex is ReportsRefusedException) _refused = true;
        _log.WriteLine(_refused
            ? $"Reports refused, no longer sending (kept in {_spool.Path}): {ex.Message}"
            : $"Reporting failed, spooling to {_spool.Path} until the receiver is back: {ex.Message}");
    }

    public async ValueTask DisposeAsync()
    {
        await _loop;
        await _transport.DisposeAsync();
    }
}
