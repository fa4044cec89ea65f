using Workbench.Experiments.Resources;

namespace Workbench.Web.Executors;

/// <summary>What one run's worker asks of a cluster scheduler: its config's <c>resources</c> over the executor's defaults.</summary>
public sealed record RunResourceRequest(int Cpus, long MemoryMb, int Gpus, int? TimeMinutes, string? Partition)
{
    /// <param name="memoryLimitBytes">The host's memory limit for the run (estimate × 1.5, at least 1 GB): the memory when neither config nor defaults set one.</param>
    public static RunResourceRequest Resolve(RunResources? config, RunResourceDefaults defaults, long memoryLimitBytes)
    {
        var memoryMb = config?.MemoryMb ?? (defaults.MemoryMb > 0 ? defaults.MemoryMb : Math.Max(1024, memoryLimitBytes >> 20));
        var time = config?.TimeMinutes ?? (defaults.TimeMinutes > 0 ? defaults.TimeMinutes : null);
        var partition = config?.Partition ?? (string.IsNullOrWhiteSpace(defaults.Partition) ? null : defaults.Partition);
        return new(config?.Cpus ?? defaults.Cpus, memoryMb, config?.Gpus ?? defaults.Gpus, time, partition);
    }
}
