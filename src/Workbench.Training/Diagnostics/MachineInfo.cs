using System.Globalization;

namespace Workbench.Training.Diagnostics;

/// <summary>The machine a benchmark ran on, read from /proc where there is one.</summary>
/// <param name="Cpu">CPU model name.</param>
/// <param name="Cores">Logical cores the runtime sees.</param>
/// <param name="MemoryBytes">Total RAM.</param>
/// <param name="Os">Operating system description.</param>
/// <param name="LoadAverage">The 1-minute load average when read (other work competing for the cores); null when unknown.</param>
public sealed record MachineInfo(string Cpu, int Cores, long MemoryBytes, string Os, double? LoadAverage)
{
    public static MachineInfo Read() => new(
        FirstValue("/proc/cpuinfo", "model name") ?? "unknown CPU",
        Environment.ProcessorCount,
        (long.TryParse(FirstValue("/proc/meminfo", "MemTotal")?.Split(' ')[0], out var kb) ? kb : 0) * 1024,
        System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        ReadLoadAverage());

    /// <summary>The 1-minute load average now, or null without /proc.</summary>
    public static double? ReadLoadAverage() =>
        File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture, out var load)
            ? load : null;

    private static string? FirstValue(string path, string key) =>
        File.Exists(path)
            ? File.ReadLines(path).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
}
