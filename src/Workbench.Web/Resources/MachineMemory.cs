using System.Diagnostics;

namespace Workbench.Web.Resources;

/// <summary>The memory of this machine: physical RAM (as the runtime sees it, so a container's limit counts) and the first CUDA GPU's, read once.</summary>
public sealed class MachineMemory(ILogger<MachineMemory> logger)
{
    private readonly Lazy<long?> _gpu = new(() => QueryGpu(logger));

    public long PhysicalBytes { get; } = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>The first GPU's memory from <c>nvidia-smi</c>; null when there is none (or no driver tool).</summary>
    public long? GpuBytes => _gpu.Value;

    private static long? QueryGpu(ILogger logger)
    {
        try
        {
            var info = new ProcessStartInfo("nvidia-smi", "--query-gpu=memory.total --format=csv,noheader,nounits")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            using var process = Process.Start(info);
            if (process is null) return null;
            var first = process.StandardOutput.ReadLine();
            if (!process.WaitForExit(5_000)) { process.Kill(); return null; }
            return long.TryParse(first?.Trim(), out var mib) ? mib << 20 : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;   // no nvidia-smi: no CUDA GPU to budget for
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            logger.LogWarning("Could not read the GPU's memory: {Message}", ex.Message);
            return null;
        }
    }
}
