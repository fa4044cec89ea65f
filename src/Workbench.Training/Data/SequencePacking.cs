using Workbench.Training.Models;
using static TorchSharp.torch;

namespace Workbench.Training.Data;

/// <summary>
/// Sequence packing: the samples of a batch laid end to end in as few rows as fit, so the model processes little
/// padding. Rows are <see cref="LongestPerRow"/> times the batch's longest sample, within the model's context (no sample is
/// ever split); samples go longest first into the first row with room (first-fit decreasing). Each sample
/// keeps its own labels (its last token predicts nothing, so no target crosses into the next sample), its positions
/// restart at 0 and it attends only to itself (<see cref="PackedLayout"/>): per sample, the logits and the loss are
/// those of the padded batch, in fewer tokens.
/// </summary>
public static class SequencePacking
{
    /// <summary>
    /// Rows of sample indices (into <paramref name="lengths"/>) that fit in <paramref name="capacity"/> tokens each: first-fit
    /// decreasing, ties by index, samples in a row in the order placed. Deterministic.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<int>> Rows(IReadOnlyList<int> lengths, int capacity)
    {
        if (lengths.Any(n => n < 1 || n > capacity)) throw new ArgumentException($"Every sample must be 1..{capacity} tokens long.", nameof(lengths));
        var rows = new List<List<int>>();
        var free = new List<int>();
        foreach (var i in Enumerable.Range(0, lengths.Count).OrderByDescending(i => lengths[i]).ThenBy(i => i))
        {
            var row = free.FindIndex(room => room >= lengths[i]);
            if (row < 0)
            {
                rows.Add([]);
                free.Add(capacity);
                row = rows.Count - 1;
            }
            rows[row].Add(i);
            free[row] -= lengths[i];
        }
        return rows;
    }

    /// <summary>How many of the batch's longest sample a row holds by default (<see cref="RowLength"/>).</summary>
    public const int LongestPerRow = 2;

    /// <summary>
    /// Tokens per packed row: <see cref="LongestPerRow"/> times the longest sample, so shorter samples fill the rows well,
    /// but never more than <paramref name="maxRowLength"/> (the model's context) nor less than the longest sample.
    /// </summary>
    public static int RowLength(int longest, int maxRowLength) => Math.Max(longest, Math.Min(LongestPerRow * longest, maxRowLength));

    /// <summary>Collates the problems at <paramref name="indices"/> of <paramref name="split"/> into packed rows.</summary>
    public static Batch Collate(IReadOnlyList<ArithmeticProblem> split, IReadOnlyList<int> indices, int padId, int maxRowLength, Device? device = null) =>
        Collate([.. indices.Select(i => split[i])], padId, maxRowLength, device);

    /// <summary>
    /// Packs <paramref name="problems"/> into rows of <see cref="RowLength"/> tokens and builds each sample's labels as
    /// <see cref="Batch.Collate(IReadOnlyList{ArithmeticProblem}, int, Device?)"/> does (same targets, same count).
    /// </summary>
    /// <param name="maxRowLength">The longest row the model takes (its context); pass the longest sample for the tightest rows.</param>
    public static Batch Collate(IReadOnlyList<ArithmeticProblem> problems, int padId, int maxRowLength, Device? device = null)
    {
        if (problems.Count == 0) throw new ArgumentException("A batch needs at least one problem.", nameof(problems));
        var T = RowLength(problems.Max(p => p.TokenIds.Length), maxRowLength);
        var rows = Rows([.. problems.Select(p => p.TokenIds.Length)], T);
        var B = rows.Count;
        var ids = new long[B * T];
        var labels = new long[B * T];
        Array.Fill(ids, padId);
        Array.Fill(labels, Batch.IgnoreIndex);
        var targets = 0;
        for (var b = 0; b < B; b++)
        {
            var start = b * T;
            foreach (var i in rows[b])
            {
                var (tokens, answerStart) = (problems[i].TokenIds, problems[i].AnswerStart);
                for (var t = 0; t < tokens.Length; t++) ids[start + t] = tokens[t];
                // logits at t predict token t+1 of the same sample: the sample's last token has no target
                for (var t = answerStart - 1; t < tokens.Length - 1; t++, targets++) labels[start + t] = tokens[t + 1];
                start += tokens.Length;
            }
        }
        var layout = PackedLayout.FromLengths([.. rows.Select(r => (IReadOnlyList<int>)[.. r.Select(i => problems[i].TokenIds.Length)])], T, device);
        return Batch.Packed(tensor(ids, [B, T], dtype: ScalarType.Int64, device: device),
                            tensor(labels, [B, T], dtype: ScalarType.Int64, device: device), targets,
                            problems.Sum(p => (long)p.TokenIds.Length), layout);
    }
}
