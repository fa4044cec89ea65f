namespace Workbench.Training.Tests.Shared;

/// <summary>A fact that runs only when WORKBENCH_BENCH=1 (slow measurements, not part of the normal suite).</summary>
public sealed class BenchmarkFactAttribute : FactAttribute
{
    public BenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("WORKBENCH_BENCH") != "1") Skip = "Benchmark: set WORKBENCH_BENCH=1 to run.";
    }
}
