using System.Globalization;

namespace Workbench.Experiments.Resources;

/// <summary>
/// The peak memory of one training run, estimated from its shapes before it is queued (all fp32, 4 bytes an element):
/// <list type="bullet">
/// <item>student state: weights, gradients and AdamW's two moments, 16 bytes a parameter;</item>
/// <item>student activations kept for backward, per layer 2·(34·B·T·C + 5·B·H·T²) bytes: Korthikanti et al. 2022
/// ("Reducing Activation Recomputation in Large Transformer Models") count 34·s·b·h + 5·a·s²·b bytes at 16 bits; doubled
/// again for their gradients, which backward holds alongside;</item>
/// <item>logits: the student's (B, T, V), its log-softmax and the gradients of both; the teacher's and its softmax;</item>
/// <item>teacher: its weights, one layer of its no-grad forward and, for feature objectives, its hidden states;</item>
/// <item>oracle (teacher-hacking runs): its weights, one layer of its no-grad forward and its logits with their softmax, as
/// the golden metrics score the student's completions with it at every evaluation;</item>
/// <item>LeaF detection (runs with a <c>leaf</c> section): input-embedding gradients of teacher and student at the
/// detection batch, whose activations are kept for backward like training's; the allocator keeps them after stage 1, so
/// they add to the training peak rather than replace it (a LeaF run of the 4 × 128 teacher over 3,000 samples peaked at
/// 1,045 MB, over the 1 GB limit the estimate without this term gave);</item>
/// <item>allocator slack: 20 % on all of the above (libtorch's CPU allocator keeps freed blocks);</item>
/// <item>the process itself: the .NET runtime, libtorch, the data and evaluation (<see cref="RuntimeBytes"/>).</item>
/// </list>
/// Gradient accumulation runs micro-batches one after another, so it does not multiply the activations. Checked against
/// the workers' measured peak resident memory (README, "Resource limits and model folders").
/// </summary>
public sealed record MemoryEstimate(long StudentStateBytes, long ActivationBytes, long LogitBytes, long TeacherBytes, long DetectionBytes = 0, long OracleBytes = 0)
{
    private const long Float = 4;
    private const double AllocatorSlack = 0.2;

    /// <summary>
    /// A worker's memory besides the model: a worker training a 1-layer × 8 model peaks at 235 MB; evaluation and the
    /// allocator's caches bring the small demo runs to about 300 MB.
    /// </summary>
    public const long RuntimeBytes = 300L << 20;

    public long SlackBytes => (long)(AllocatorSlack * ModelBytes);

    public long TotalBytes => Saturate(ModelBytes + SlackBytes + RuntimeBytes);

    private double ModelBytes => (double)StudentStateBytes + ActivationBytes + LogitBytes + TeacherBytes + DetectionBytes + OracleBytes;

    /// <param name="batchSize">B, sequences per micro-batch.</param>
    /// <param name="sequenceLength">T, tokens per sequence.</param>
    /// <param name="student">The model being trained.</param>
    /// <param name="teacher">The teacher when an objective needs one.</param>
    /// <param name="features">Whether a feature objective (hidden states, attention) keeps the teacher's per-layer outputs.</param>
    /// <param name="detectionBatch">LeaF's saliency batch when the run detects confounders (stage 1), else null.</param>
    /// <param name="oracle">The oracle of a teacher-hacking run (golden metrics), else null.</param>
    public static MemoryEstimate Of(int batchSize, int sequenceLength, ModelMemoryShape student, ModelMemoryShape? teacher, bool features,
                                    int? detectionBatch = null, ModelMemoryShape? oracle = null)
    {
        double B = batchSize, T = sequenceLength;
        var state = 4 * Float * student.Parameters;
        var activations = 2 * student.Layers * LayerActivations(B, T, student.Width, student.Heads);   // kept, and their gradients
        var logits = 4 * Float * B * T * student.VocabSize;
        double teacherBytes = 0;
        if (teacher is not null)
        {
            teacherBytes = Float * teacher.Parameters + LayerActivations(B, T, teacher.Width, teacher.Heads) / 2;   // no grad: one layer at a time, no kept copies
            logits += 2 * Float * B * T * teacher.VocabSize;
            // Kept for the feature terms: hidden states (L + 1)·(B, T, C) and attention maps L·(B, H, T, T).
            if (features) teacherBytes += Float * B * T * ((teacher.Layers + 1.0) * teacher.Width + teacher.Layers * teacher.Heads * T);
        }
        double detection = 0;
        if (detectionBatch is { } D)
            foreach (var model in teacher is null ? [student] : new[] { student, teacher })
                detection += 2 * model.Layers * LayerActivations(D, T, model.Width, model.Heads) + 4 * Float * D * T * model.VocabSize;
        // Held for the whole run; scores B completions of T tokens at a time without grad.
        var oracleBytes = oracle is null ? 0
            : Float * oracle.Parameters + LayerActivations(B, T, oracle.Width, oracle.Heads) / 2 + 2 * Float * B * T * oracle.VocabSize;
        return new(state, Saturate(activations), Saturate(logits), Saturate(teacherBytes), Saturate(detection), Saturate(oracleBytes));
    }

    /// <summary>"291 TB", "152 GB", "14.1 GB", "640 MB": binary units, as free(1) and the budget message use.</summary>
    public static string Format(double bytes) => bytes switch
    {
        >= 1L << 40 => (bytes / (1L << 40)).ToString("0.#", CultureInfo.InvariantCulture) + " TB",
        >= 1L << 30 => (bytes / (1L << 30)).ToString(bytes >= 100L << 30 ? "0" : "0.0", CultureInfo.InvariantCulture) + " GB",
        _ => Math.Ceiling(bytes / (1L << 20)).ToString("0", CultureInfo.InvariantCulture) + " MB",
    };

    /// <summary>What the total is made of, for the refusal message.</summary>
    public string Describe() =>
        $"student weights, gradients and AdamW state {Format(StudentStateBytes)}, activations {Format(ActivationBytes)}, logits {Format(LogitBytes)}" +
        (TeacherBytes > 0 ? $", teacher {Format(TeacherBytes)}" : "") +
        (DetectionBytes > 0 ? $", LeaF detection {Format(DetectionBytes)}" : "") +
        (OracleBytes > 0 ? $", oracle {Format(OracleBytes)}" : "") + $", allocator slack {Format(SlackBytes)}, runtime {Format(RuntimeBytes)}";

    // 2 · (34·B·T·C + 5·B·H·T²): Korthikanti et al.'s bytes at 16 bits, doubled for fp32.
    private static double LayerActivations(double B, double T, double C, double H) => 2 * (34 * B * T * C + 5 * B * H * T * T);

    private static long Saturate(double bytes) => bytes >= long.MaxValue / 4 ? long.MaxValue / 4 : (long)bytes;
}
