namespace Workbench.Training.Trainer.Generated;

/// <summary>What a run reports about its generated data (<see cref="Workbench.Experiments.DataConfig"/>).</summary>
public static class DataRegimeMetrics
{
    /// <summary>on_policy: share of the step's micro-batches whose completions the student sampled (0 or 1 without accumulation).</summary>
    public const string OnPolicy = "data/on_policy";

    /// <summary>on_policy: share of all micro-batches so far that were on-policy.</summary>
    public const string OnPolicyShare = "data/on_policy_share";

    /// <summary>on_policy: seconds the step spent sampling from the student.</summary>
    public const string GenerationSeconds = "data/generation_seconds";

    /// <summary>sequence_kd: stage name while the teacher generates; Done/Total count prompts.</summary>
    public const string SequenceKdStage = "sequence_kd";

    /// <summary>sequence_kd: 1 when the teacher's completions were read from the cache, 0 when generated.</summary>
    public const string SequenceKdReused = "sequence_kd/reused";

    /// <summary>sequence_kd: seconds the teacher spent generating (0 when reused).</summary>
    public const string SequenceKdBuildSeconds = "sequence_kd/build_seconds";

    /// <summary>sequence_kd: training sequences (prompts × samples per prompt).</summary>
    public const string SequenceKdSequences = "sequence_kd/sequences";
}
