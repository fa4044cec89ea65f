namespace Workbench.Experiments;

/// <summary>
/// The <c>teacherStore</c> section of a run: train every logit objective from a teacher-logit store (the teacher's top-k
/// log-probabilities plus the log of the mass left outside them, per supervised position) built once per teacher, data and
/// settings, instead of running the teacher at every step. Null or <see cref="Enabled"/> false = the live teacher.
/// Objectives that read features (attention, hidden states) keep the live teacher: the store is then unused.
/// </summary>
public sealed record TeacherStoreConfig
{
    /// <summary>Off only when false: a <c>teacherStore</c> section without <c>enabled</c> is on.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public bool? Enabled { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsEnabled => Enabled ?? true;

    /// <summary>Token ids kept per position (capped at the vocabulary; raised to the largest <c>top_k_kl</c> k of the run).</summary>
    public int TopK { get; init; } = DefaultTopK;

    /// <summary>How log-probabilities are stored: <c>fp16</c> (default, 2 bytes) or <c>fp32</c> (4 bytes, bit-exact).</summary>
    public string Values { get; init; } = ValuesFp16;

    public const int DefaultTopK = 64;
    public const int MaxTopK = 65536;
    public const string ValuesFp16 = "fp16";
    public const string ValuesFp32 = "fp32";
    public static IReadOnlyList<string> AllValues { get; } = [ValuesFp16, ValuesFp32];
}
