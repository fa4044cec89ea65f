namespace Workbench.Benchmarks.Throughput;

/// <summary>This process's resident memory from /proc/self/status (0 where there is none).</summary>
public static class ProcessMemory
{
    /// <summary>Resident memory now (VmRSS).</summary>
    public static long ResidentBytes() => Read("VmRSS:");

    /// <summary>The process's peak resident memory so far (VmHWM, the high-water mark).</summary>
    public static long PeakResidentBytes() => Read("VmHWM:");

    private static long Read(string key)
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return 0;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;   // kB
    }
}
