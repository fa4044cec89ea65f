using System.Text.Json.Serialization;
using Workbench.Experiments.Evaluation;
using Workbench.Experiments.Leaf;

namespace Workbench.Experiments;

/// <summary>
/// Everything needed to reproduce a run. Serialized as JSON (camelCase) into the database, the API and the
/// worker's command line. The model being trained is always <see cref="Student"/>; a run without a
/// <see cref="Teacher"/> is plain supervised training (the built-in teacher recipe is such a run).
/// </summary>
public sealed record RunConfig
{
    public string Name { get; init; } = "run";
    public ModelRef? Teacher { get; init; }
    public ModelRef Student { get; init; } = new();
    public string Dataset { get; init; } = BuiltInDatasets.Arithmetic;
    public IReadOnlyList<ObjectiveTerm> Objectives { get; init; } = [new() { Kind = ObjectiveKinds.CrossEntropy }];
    public int Steps { get; init; } = 300;
    public int BatchSize { get; init; } = 32;
    public double LearningRate { get; init; } = 3e-3;
    public int Seed { get; init; } = 1234;
    public int EvalEvery { get; init; } = 50;
    /// <summary><c>auto</c> (CUDA when present, else CPU), <c>cpu</c> or <c>cuda</c>.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>The training step's arithmetic: <see cref="Precisions"/> (<c>auto</c>, <c>fp32</c>, <c>bf16</c>); null = <c>auto</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Precision { get; init; }

    /// <summary>AdamW weight decay on matrices (embeddings and linear weights); biases and norms are not decayed.</summary>
    public double WeightDecay { get; init; } = DefaultWeightDecay;
    /// <summary>Linear-warmup steps; null = about 5 % of <see cref="Steps"/> (at least 1).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? WarmupSteps { get; init; }
    /// <summary>After warmup: <c>cosine</c> or <c>linear</c> decay to 10 % of the peak, or <c>constant</c>.</summary>
    public string Schedule { get; init; } = LearningRateSchedules.Cosine;
    /// <summary>Maximum global gradient norm; 0 turns clipping off.</summary>
    public double GradClip { get; init; } = DefaultGradClip;
    /// <summary>Micro-batches of <see cref="BatchSize"/> per optimizer step.</summary>
    public int GradAccumulation { get; init; } = 1;
    /// <summary>Save a resumable checkpoint (weights, optimizer state, batch position) every N steps; null or 0 = only at the end.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? CheckpointEvery { get; init; }

    /// <summary>Further named evaluation sets (an out-of-distribution test, ...), each scored like the eval split; null = none.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<EvalSet>? EvalSets { get; init; }

    /// <summary>How evaluation sets take the answer from a completion (<see cref="AnswerRules"/>); null = <see cref="AnswerRules.Auto"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AnswerRule { get; init; }

    /// <summary>LeaF stage 1 + 2 (leaf.md); null = an ordinary run.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LeafConfig? Leaf { get; init; }

    /// <summary>CPUs, memory, GPUs, time and partition on a cluster executor; null = the executor's defaults.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Workbench.Experiments.Resources.RunResources? Resources { get; init; }

    /// <summary>Where completions come from: the dataset, the teacher, or the student on-policy (<see cref="DataConfig"/>); null = offline.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public DataConfig? Data { get; init; }

    /// <summary>
    /// The ground truth the teacher approximates ("On Teacher Hacking", Tiapkin et al. 2025): evaluation then also reports the
    /// golden KL(oracle ‖ student) and the oracle's likelihood of the student's completions beside the proxy KL(teacher ‖ student).
    /// A run, a checkpoint or a model folder with the run's tokenizer; null = no golden metrics.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ModelRef? Oracle { get; init; }

    /// <summary>Train logit objectives from a stored teacher top-k (<see cref="TeacherStoreConfig"/>); null = the live teacher.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TeacherStoreConfig? TeacherStore { get; init; }

    public const double DefaultWeightDecay = 0.01;
    public const double DefaultGradClip = 1.0;

    [System.Text.Json.Serialization.JsonIgnore]
    public bool UsesTeacher => Objectives.Any(o => ObjectiveKinds.NeedsTeacher(o.Kind));

    /// <summary>The worker loads the teacher: an objective needs it, or it writes or scores generated completions (any regime but offline).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool LoadsTeacher => UsesTeacher || (Teacher is not null && Data is { } data && data.Regime != DataRegimes.Offline);
}

/// <summary>Names of the learning-rate shapes after warmup (<see cref="RunConfig.Schedule"/>).</summary>
public static class LearningRateSchedules
{
    public const string Cosine = "cosine";
    public const string Linear = "linear";
    public const string Constant = "constant";
    public static IReadOnlyList<string> All { get; } = [Cosine, Linear, Constant];
}

/// <summary>
/// A model: a trained run's final checkpoint (by run id), a checkpoint (by id), a Hugging Face folder (its architecture
/// comes from there), or a fresh GPT-style decoder with the given shape.
/// </summary>
public sealed record ModelRef
{
    /// <summary>
    /// The id of a run whose final checkpoint to use; the run may still be queued or running, and this one then waits for it.
    /// A run name given as <see cref="Checkpoint"/> is resolved to this once, at submission, so a later run of the same name
    /// never changes it. Exclusive with <see cref="Checkpoint"/> and <see cref="Path"/>.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Run { get; init; }

    /// <summary>
    /// A checkpoint id ("12") or the name of a run whose final checkpoint to use ("demo-teacher"). For the student it is the
    /// starting point (e.g. LeaF's pre-KD student); otherwise the student starts from a fresh initialisation.
    /// </summary>
    public string? Checkpoint { get; init; }
    /// <summary>
    /// A Hugging Face model folder (config.json, safetensors, tokenizer) registered on the Models page, as an absolute path.
    /// A teacher loads its weights; a student starts from them. The run's text is tokenised with the folder's tokenizer
    /// (and its chat template, when it has one). Exclusive with <see cref="Checkpoint"/> and <see cref="Run"/>.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Path { get; init; }
    public int Layers { get; init; } = 2;
    public int Heads { get; init; } = 2;
    public int Width { get; init; } = 64;
    public int Context { get; init; } = 64;

    /// <summary>True when the model's shape comes from a trained run, a checkpoint or a folder rather than from this record.</summary>
    [JsonIgnore]
    public bool IsLoaded => Run is not null || Checkpoint is not null || Path is not null;
}

/// <summary>
/// One weighted term of the training loss: L = Σ weight_i · L_i. The kind-specific parameters are null unless set
/// (and then left out of the JSON); null means the spec default (<see cref="DefaultBeta"/>, ...).
/// </summary>
public sealed record ObjectiveTerm
{
    public const double DefaultBeta = 0.5;
    public const double DefaultSkewAlpha = 0.1;
    public const int DefaultTopK = 128;
    public const string MissingMassZero = "zero";
    public const string MissingMassSymmetricUniform = "symmetric_uniform";
    /// <summary>Layer map: student block m ↔ teacher block round(m·N/M), m = 1..M (objectives.md §4.1).</summary>
    public const string LayerMapUniform = "uniform";
    /// <summary>Layer map: the last student block ↔ the last teacher block only (MiniLM).</summary>
    public const string LayerMapLast = "last";
    /// <summary>Layer map: block i ↔ block i; needs equal depths.</summary>
    public const string LayerMapAll = "all";

    public string Kind { get; init; } = ObjectiveKinds.CrossEntropy;
    public double Weight { get; init; } = 1.0;
    /// <summary>Softmax temperature T for distribution-matching terms (ignored by cross-entropy).</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary><c>jsd</c>: mixture weight β in [0, 1] of M = βp + (1−β)q; default 0.5 (TRL GKD).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Beta { get; init; }

    /// <summary><c>skew_kl</c>, <c>skew_reverse_kl</c>: skew α in [0, 1); default 0.1 (DistiLLM).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? SkewAlpha { get; init; }

    /// <summary>
    /// <c>top_k_kl</c>: teacher tokens kept per position, default 128 (DistillKit). <c>plackett_luce</c>: ranks K
    /// (the label plus the teacher's top K−1), default null = the whole vocabulary (the paper).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? TopK { get; init; }

    /// <summary><c>top_k_kl</c>: <c>zero</c> (default) or <c>symmetric_uniform</c> (objectives.md §2).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MissingMass { get; init; }

    /// <summary>
    /// Feature terms (<c>attention_transfer</c>, <c>value_relation</c>, <c>hidden_mse</c>, <c>hidden_cosine</c>): which
    /// student/teacher layers are compared (objectives.md §4.1): <c>uniform</c>, <c>last</c>, <c>all</c>, or explicit
    /// 1-based pairs "student:teacher" separated by commas ("1:2,2:4"; hidden states may use 0, the embeddings).
    /// Null = <see cref="ObjectiveKinds.DefaultLayerMap"/>.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LayerMap { get; init; }

    /// <summary><c>value_relation</c>: relation heads A_r; null = gcd of the head counts (MiniLMv2 re-splitting, objectives.md §4.4).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? RelationHeads { get; init; }
}
