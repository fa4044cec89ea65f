namespace Workbench.Experiments.Resources;

/// <summary>
/// What a run asks of a cluster executor (Slurm, Kubernetes); each null value falls back to
/// <c>Workbench:Executor:Defaults</c>. The local executor ignores them (it has its memory limit).
/// </summary>
public sealed record RunResources
{
    public int? Cpus { get; init; }
    /// <summary>Memory in MB.</summary>
    public long? MemoryMb { get; init; }
    public int? Gpus { get; init; }
    /// <summary>Wall-clock limit in minutes.</summary>
    public int? TimeMinutes { get; init; }
    /// <summary>Slurm partition.</summary>
    public string? Partition { get; init; }

    public const int MaxCpus = 1024;
    public const long MaxMemoryMb = 16L << 20;   // 16 TB
    public const int MaxGpus = 64;
    public const int MaxTimeMinutes = 525_600;   // a year

    /// <summary>Errors named <c>resources.cpus</c>, ...; a partition is a Slurm name (letters, digits, <c>_ - .</c>).</summary>
    public static void Validate(RunResources? resources, List<ValidationError> errors)
    {
        if (resources is null) return;
        if (resources.Cpus is < 1 or > MaxCpus) errors.Add(new("resources.cpus", $"CPUs must be between 1 and {MaxCpus}."));
        if (resources.MemoryMb is < 64 or > MaxMemoryMb) errors.Add(new("resources.memoryMb", $"Memory must be between 64 and {MaxMemoryMb} MB."));
        if (resources.Gpus is < 0 or > MaxGpus) errors.Add(new("resources.gpus", $"GPUs must be between 0 and {MaxGpus}."));
        if (resources.TimeMinutes is < 1 or > MaxTimeMinutes) errors.Add(new("resources.timeMinutes", $"Time must be between 1 and {MaxTimeMinutes} minutes."));
        if (resources.Partition is { } partition && !IsPartitionName(partition))
            errors.Add(new("resources.partition", "Partition must be 1-64 letters, digits, '_', '-' or '.'."));
    }

    public static bool IsPartitionName(string name) =>
        name.Length is >= 1 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
}
