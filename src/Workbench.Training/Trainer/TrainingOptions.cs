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
    /// <summary>The exported JSONL file of an imported dataset (<c>imported:&lt;name&gt;</c> in the config); null for built-in data.</summary>
    public string? DatasetPath { get; init; }

    /// <summary>Eval-split problems scored for eval/loss (and eval/forward_kl): the first N, the same at every eval.</summary>
    public int EvalLossSamples { get; init; } = 256;

    /// <summary>Eval-split problems greedily answered for eval/accuracy: the first N.</summary>
    public int EvalAccuracySamples { get; init; } = 200;

    /// <summary>Intermediate (<c>step-N</c>) checkpoints kept besides the final <c>model.safetensors</c>; older ones are deleted.</summary>
    public int KeepCheckpoints { get; init; } = DefaultKeepCheckpoints;

    public const int DefaultKeepCheckpoints = 3;
}
