namespace Workbench.Experiments;

/// <summary>
/// Where a run's completions come from (<see cref="Regime"/>): the dataset's (<c>offline</c>), the teacher's, generated once
/// for the training prompts and cached (<c>sequence_kd</c>, Kim &amp; Rush 2016), or, for a share λ of the batches, the
/// current student's own samples scored by the teacher (<c>on_policy</c>, GKD: Agarwal et al. 2024). Null in a config = offline.
/// </summary>
public sealed record DataConfig
{
    /// <summary><c>offline</c>, <c>sequence_kd</c> or <c>on_policy</c> (<see cref="DataRegimes"/>).</summary>
    public string Regime { get; init; } = DataRegimes.Offline;

    /// <summary>on_policy: the probability λ that a batch's completions are sampled from the student.</summary>
    public double Lambda { get; init; } = 0.5;

    /// <summary>Sampling temperature of generated completions; 0 = greedy.</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>Nucleus (top-p) truncation of generated completions; 1 = none.</summary>
    public double TopP { get; init; } = 1.0;

    /// <summary>Longest generated completion, in tokens (&lt;eos&gt; included).</summary>
    public int MaxNewTokens { get; init; } = 32;

    /// <summary>sequence_kd: teacher completions per training prompt (more than 1 needs a temperature above 0).</summary>
    public int SamplesPerPrompt { get; init; } = 1;

    /// <summary>
    /// Train on the first N problems of the training split only (a small fixed set read for many epochs, as in the teacher-hacking
    /// recipe); null = the whole split.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? TrainSamples { get; init; }

    /// <summary>
    /// Sequence packing: each training batch's samples go end to end in as few rows as fit (as long as its longest sample),
    /// each attending only to itself with positions restarting, so less compute goes to padding. Offline and sequence_kd data.
    /// </summary>
    public bool Packing { get; init; }

    public const int MaxNewTokensLimit = 1024;
    public const int MaxSamplesPerPrompt = 16;
}

/// <summary>Names of the data regimes (<see cref="DataConfig.Regime"/>).</summary>
public static class DataRegimes
{
    public const string Offline = "offline";
    public const string SequenceKd = "sequence_kd";
    public const string OnPolicy = "on_policy";
    public static IReadOnlyList<string> All { get; } = [Offline, SequenceKd, OnPolicy];
}
