using Workbench.Training.Diagnostics;

namespace Workbench.Benchmarks.Throughput;

/// <summary>What a child process reports: one case's result, or the matmul peak in FLOP/s.</summary>
public sealed record CaseOutput(ThroughputResult? Result, double? PeakFlops)
{
    /// <summary>The prefix of the one stdout line that carries the JSON, so other output cannot be mistaken for it.</summary>
    public const string LinePrefix = "CASE-RESULT ";
}
