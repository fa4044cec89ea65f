using static TorchSharp.torch;

namespace Workbench.Training.Data;

/// <summary>
/// Problems collated for a model: right-padded token ids and their next-token targets.
/// <c>Labels[b, t]</c> is the target of the logits at position t, i.e. <c>InputIds[b, t + 1]</c>, when that token
/// is an answer token or &lt;eos&gt;; everywhere else (prompt, &lt;sep&gt; itself, padding) it is −100.
/// </summary>
public sealed class Batch : IDisposable
{
    public const long IgnoreIndex = -100;

    private Batch(Tensor inputIds, Tensor labels, int targetCount, long realTokenCount)
    {
        InputIds = inputIds;
        Labels = labels;
        TargetCount = targetCount;
        RealTokenCount = realTokenCount;
    }

    /// <summary>(B, T) int64 token ids, right-padded with &lt;pad&gt;.</summary>
    public Tensor InputIds { get; }
    /// <summary>(B, T) int64 targets, already shifted: −100 where there is nothing to predict.</summary>
    public Tensor Labels { get; }
    /// <summary>Positions of the batch's problems in their split, when collated from a split by index; else null.</summary>
    public IReadOnlyList<int>? Indices { get; private init; }
    /// <summary>
    /// The same samples as the teacher tokenizes them, with the alignment of their targets to this batch's, when the run has
    /// cross-tokenizer terms (<see cref="Objectives.ICrossTokenizerObjective"/>); else null. Disposed with the batch.
    /// </summary>
    public AlignedTeacherBatch? Teacher { get; private init; }
    /// <summary>
    /// Where each sample sits when the rows are packed (several samples per row, <see cref="SequencePacking"/>); null for
    /// one sample per row. Models run packed rows with it attached (<see cref="Models.PackedForward"/>). Disposed with the batch.
    /// </summary>
    public Models.PackedLayout? Packing { get; private init; }
    /// <summary>Number of labels that are not −100 (Σ mask).</summary>
    public int TargetCount { get; }
    public long Size => InputIds.shape[0];
    /// <summary>B × T, the tokens the model processes (padding included).</summary>
    public long TokenCount => InputIds.shape[0] * InputIds.shape[1];
    /// <summary>The samples' own tokens, padding excluded: what <c>train/tokens_per_s</c> counts, so packed and padded runs compare.</summary>
    public long RealTokenCount { get; }

    /// <summary>Pads to the longest problem of <paramref name="problems"/> (not to the context) and builds the labels.</summary>
    public static Batch Collate(IReadOnlyList<ArithmeticProblem> problems, int padId, Device? device = null)
    {
        if (problems.Count == 0) throw new ArgumentException("A batch needs at least one problem.", nameof(problems));
        int B = problems.Count, T = problems.Max(p => p.TokenIds.Length);
        var ids = new long[B * T];
        var labels = new long[B * T];
        Array.Fill(ids, padId);
        Array.Fill(labels, IgnoreIndex);
        var targets = 0;
        for (var b = 0; b < B; b++)
        {
            var tokens = problems[b].TokenIds;
            for (var t = 0; t < tokens.Length; t++) ids[b * T + t] = tokens[t];
            // logits at t predict token t+1: label the positions whose next token is an answer token or <eos>
            for (var t = problems[b].AnswerStart - 1; t < tokens.Length - 1; t++, targets++) labels[b * T + t] = tokens[t + 1];
        }
        return new Batch(tensor(ids, [B, T], dtype: ScalarType.Int64, device: device),
                         tensor(labels, [B, T], dtype: ScalarType.Int64, device: device), targets, problems.Sum(p => (long)p.TokenIds.Length));
    }

    /// <summary>
    /// Collates the problems at <paramref name="indices"/> of <paramref name="split"/> and keeps the indices
    /// (<see cref="Indices"/>), so per-problem data stored elsewhere (a teacher top-k cache) can be aligned with the batch.
    /// </summary>
    public static Batch Collate(IReadOnlyList<ArithmeticProblem> split, IReadOnlyList<int> indices, int padId, Device? device = null)
    {
        var batch = Collate([.. indices.Select(i => split[i])], padId, device);
        return new Batch(batch.InputIds, batch.Labels, batch.TargetCount, batch.RealTokenCount) { Indices = [.. indices] };
    }

    /// <summary>This batch with the teacher's view of the same samples (<see cref="Teacher"/>).</summary>
    public Batch WithTeacher(AlignedTeacherBatch teacher) =>
        new(InputIds, Labels, TargetCount, RealTokenCount) { Indices = Indices, Teacher = teacher, Packing = Packing };

    /// <summary>Packed rows (<see cref="SequencePacking"/>): ids and labels (B, T) laid out as <paramref name="packing"/> says.</summary>
    internal static Batch Packed(Tensor inputIds, Tensor labels, int targetCount, long realTokenCount, Models.PackedLayout packing) =>
        new(inputIds, labels, targetCount, realTokenCount) { Packing = packing };

    public void Dispose()
    {
        InputIds.Dispose();
        Labels.Dispose();
        Teacher?.Dispose();
        Packing?.Dispose();
    }
}
