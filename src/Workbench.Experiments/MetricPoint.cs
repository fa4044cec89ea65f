namespace Workbench.Experiments;

/// <summary>One scalar of a run at a step, e.g. ("train/loss", 120, 1.93). WallTime is UTC.</summary>
public sealed record MetricPoint(string Name, long Step, double Value, DateTime WallTime);

/// <summary>Well-known metric names.</summary>
public static class MetricNames
{
    public const string TrainLoss = "train/loss";
    public const string EvalLoss = "eval/loss";
    public const string EvalAccuracy = "eval/accuracy";
    /// <summary>exp of the eval cross-entropy token mean.</summary>
    public const string EvalPerplexity = "eval/perplexity";
    /// <summary>Share of supervised eval positions where the student's argmax equals the teacher's (runs with a teacher).</summary>
    public const string EvalTop1Agreement = "eval/top1_agreement";
    public const string LearningRate = "train/lr";
    public const string TokensPerSecond = "train/tokens_per_s";
    /// <summary>The worker process's resident memory (MB), at every eval: native libtorch memory included.</summary>
    public const string ProcessMemory = "system/memory_mb";
    /// <summary>GPU memory in use (MB), at every eval, on CUDA only.</summary>
    public const string DeviceMemory = "system/device_memory_mb";

    /// <summary>Per-objective unweighted term, e.g. "train/forward_kl".</summary>
    public static string TrainTerm(string objectiveKind) => $"train/{objectiveKind}";

    /// <summary>An objective measured on the eval split, e.g. "eval/forward_kl".</summary>
    public static string EvalTerm(string objectiveKind) => $"eval/{objectiveKind}";
}
