using Workbench.Training.Trainer.TeacherCache;

namespace Workbench.Training.Trainer;

/// <summary>
/// Where a run writes and what it reads, decided by whoever launches it (the worker).
/// </summary>
/// <param name="OutputDirectory">Folder for this run's checkpoints (created if missing).</param>
/// <param name="TeacherCheckpointPath">Resolved teacher <c>.safetensors</c> file, when the config has a teacher checkpoint.</param>
/// <param name="Threads">libtorch intra-op threads; 0 = leave one core for the web server.</param>
/// <param name="StudentInitPath">Resolved checkpoint the student starts from (e.g. LeaF's pre-KD student); null = fresh initialisation.</param>
/// <param name="ResumeFrom">A resumable checkpoint folder (<c>step-N</c>) to continue from at step N + 1; null = start at step 1.</param>
public sealed record TrainingOptions(string OutputDirectory, string? TeacherCheckpointPath = null, int Threads = 0, string? StudentInitPath = null,
                                     string? ResumeFrom = null)
{
    /// <summary>Resolved oracle (<c>.safetensors</c> file or Hugging Face folder), when the config names one: evaluation then reports golden metrics.</summary>
    public string? OracleCheckpointPath { get; init; }

    /// <summary>The exported JSONL file of an imported dataset (<c>imported:&lt;name&gt;</c> in the config); null for built-in data.</summary>
    public string? DatasetPath { get; init; }

    /// <summary>Exported files of the imported datasets that evaluation sets name (dataset ref, e.g. "imported:gsm-ic" → JSONL path).</summary>
    public IReadOnlyDictionary<string, string>? EvalDatasetPaths { get; init; }

    /// <summary>Eval-split problems scored for eval/loss (and eval/forward_kl): the first N, the same at every eval.</summary>
    public int EvalLossSamples { get; init; } = 256;

    /// <summary>Eval-split problems greedily answered for eval/accuracy: the first N.</summary>
    public int EvalAccuracySamples { get; init; } = 200;

    /// <summary>Intermediate (<c>step-N</c>) checkpoints kept besides the final <c>model.safetensors</c>; older ones are deleted.</summary>
    public int KeepCheckpoints { get; init; } = DefaultKeepCheckpoints;

    public const int DefaultKeepCheckpoints = 3;

    /// <summary>
    /// Folder of the teacher top-k caches (<see cref="TeacherTopKCache"/>), shared by every run; null =
    /// <c>&lt;runs root&gt;/../teacher-cache</c>, see <see cref="ResolveCacheDirectory"/>.
    /// </summary>
    public string? CacheDirectory { get; init; }

    /// <summary>
    /// When every teacher term is <c>top_k_kl</c>, train from a top-k cache built once per teacher and dataset instead of
    /// running the teacher at every step (default on; off trains from the live teacher).
    /// </summary>
    public bool UseTeacherCache { get; init; } = true;

    /// <summary>How the cache stores log-probabilities: fp16 (default, objectives.md §2 v1) or fp32.</summary>
    public TopKValueType TeacherCacheValues { get; init; } = TopKValueType.Float16;

    /// <summary>On-policy runs: the shortest time between two reports of the student's samples (<see cref="Generated.PolicySampleProbe"/>).</summary>
    public TimeSpan PolicySamplesInterval { get; init; } = Generated.PolicySampleProbe.DefaultInterval;

    /// <summary>Byte budget (MB) of the teacher-logit store files in the cache folder; past it a run evicts the least recently used. Null = no limit.</summary>
    public long? TeacherStoreBudgetMb { get; init; }

    /// <summary>
    /// <see cref="CacheDirectory"/>, or <c>teacher-cache</c> beside the folder that holds the run folders: the web host
    /// runs in <c>&lt;data&gt;/runs/&lt;id&gt;</c>, so its caches live in <c>&lt;data&gt;/teacher-cache</c>, outlive any run and
    /// are shared by runs on the same teacher and data.
    /// </summary>
    public string ResolveCacheDirectory()
    {
        if (CacheDirectory is { } directory) return Path.GetFullPath(directory);
        var output = Path.GetFullPath(OutputDirectory);
        var runsRoot = Path.GetDirectoryName(output) ?? output;
        var dataRoot = Path.GetDirectoryName(runsRoot) ?? runsRoot;
        return Path.Combine(dataRoot, "teacher-cache");
    }
}
