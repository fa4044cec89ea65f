using System.Diagnostics;
using System.Globalization;

namespace Workbench.Web.Executors;

/// <summary>
/// A worker's hard memory limit, enforced from outside: samples the process's resident memory (VmRSS in /proc/&lt;pid&gt;/status)
/// five times a second and kills it once past the limit, before the kernel's OOM killer picks a process of its own choosing
/// (possibly the server). At 100 MB/s of growth the overshoot is about 20 MB. Where /proc is missing it does nothing.
/// </summary>
public sealed class MemoryWatchdog : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private readonly Process _process;
    private readonly CancellationTokenSource _stop = new();

    public long LimitBytes { get; }

    /// <summary>The highest resident memory seen (VmHWM, the kernel's own high-water mark, when it could be read).</summary>
    public long PeakBytes { get; private set; }

    /// <summary>True once the worker was killed for passing its limit.</summary>
    public bool Exceeded { get; private set; }

    public MemoryWatchdog(Process process, long limitBytes)
    {
        _process = process;
        LimitBytes = limitBytes;
        if (File.Exists($"/proc/{process.Id}/status")) _ = Task.Run(WatchAsync);
    }

    private async Task WatchAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        var status = $"/proc/{_process.Id}/status";
        try
        {
            do
            {
                if (!TryRead(status, out var resident, out var peak)) return;   // exited
                PeakBytes = Math.Max(PeakBytes, Math.Max(resident, peak));
                if (resident > LimitBytes)
                {
                    Exceeded = true;
                    _process.Kill(entireProcessTree: true);
                    return;
                }
            } while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException) { }   // the worker was reaped
        catch (InvalidOperationException) { }   // exited between the read and the kill
    }

    // VmRSS and VmHWM in bytes; false when the process is gone.
    private static bool TryRead(string status, out long resident, out long peak)
    {
        resident = peak = 0;
        try
        {
            foreach (var line in File.ReadLines(status))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) resident = Kilobytes(line) * 1024;
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kilobytes(line) * 1024;
            }
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // "VmRSS:	  123456 kB"
    private static long Kilobytes(string line) =>
        long.TryParse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb) ? kb : 0;

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
