using static TorchSharp.torch;

namespace Workbench.Training.Models;

/// <summary>
/// Where the samples of a packed batch sit (sequence packing): each row holds several samples back to back, and
/// <see cref="Segments"/> (B, T) numbers them 1, 2, … within the row (0 = padding after the last one), while
/// <see cref="Positions"/> (B, T) restarts at 0 at each sample's first token. A query attends to the keys of its own
/// sample at or before it, which is <see cref="Mask"/>: the block-diagonal causal mask. So each sample's logits are those
/// it gets alone, and a row costs T tokens whatever mix of lengths it holds. Padding queries attend to the padding
/// before them and to themselves, so no row of the mask is empty (no NaN); padding is never a target.
/// </summary>
/// <remarks>
/// The tensors are made where the layout is built and belong to the enclosing dispose scope, as the batch's own do.
/// Attach a layout to a model for some forwards with <see cref="PackedForward.Attach"/>.
/// </remarks>
public sealed class PackedLayout : IDisposable
{
    private PackedLayout(Tensor positions, Tensor segments, Tensor mask, IReadOnlyList<IReadOnlyList<int>> rows)
    {
        Positions = positions;
        Segments = segments;
        Mask = mask;
        Rows = rows;
    }

    /// <summary>(B, T) int64: each token's position within its own sample (padding counts on from 0 too).</summary>
    public Tensor Positions { get; }

    /// <summary>(B, T) int64: 1-based sample number within the row; 0 for padding.</summary>
    public Tensor Segments { get; }

    /// <summary>Additive attention mask (B, 1, T, T) float32: 0 where query t may read key j (same segment, j ≤ t), −∞ elsewhere.</summary>
    public Tensor Mask { get; }

    /// <summary>The lengths of the samples in each row, in row order.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Rows { get; }

    /// <summary>B, the number of packed rows.</summary>
    public long RowCount => Positions.shape[0];

    /// <summary>T, the length of every row.</summary>
    public long Length => Positions.shape[1];

    /// <summary>A layout of rows of <paramref name="length"/> tokens holding samples of the given lengths, in order, from slot 0.</summary>
    public static PackedLayout FromLengths(IReadOnlyList<IReadOnlyList<int>> rows, long length, Device? device = null)
    {
        if (rows.Count == 0) throw new ArgumentException("A packed batch needs at least one row.", nameof(rows));
        var B = rows.Count;
        var positions = new long[B * length];
        var segments = new long[B * length];
        for (var b = 0; b < B; b++)
        {
            var used = rows[b].Sum();
            if (used > length) throw new ArgumentException($"Row {b} holds {used} tokens; rows are {length} long.", nameof(rows));
            if (rows[b].Any(n => n < 1)) throw new ArgumentException($"Row {b} has an empty sample.", nameof(rows));
            var t = 0;
            for (var s = 0; s < rows[b].Count; s++)
                for (var p = 0; p < rows[b][s]; p++, t++)
                {
                    positions[b * length + t] = p;
                    segments[b * length + t] = s + 1;
                }
            for (var p = 0; t < length; p++, t++) positions[b * length + t] = p;   // padding: segment 0
        }
        var pos = tensor(positions, [B, length], dtype: ScalarType.Int64, device: device);
        var seg = tensor(segments, [B, length], dtype: ScalarType.Int64, device: device);
        return new PackedLayout(pos, seg, BlockCausalMask(seg), [.. rows.Select(r => (IReadOnlyList<int>)[.. r])]);
    }

    /// <summary>True where a query may not read a key, (B, 1, T, T) bool: another sample's, or a later one.</summary>
    public Tensor Hidden() => Mask.isinf();

    /// <summary><see cref="Mask"/> in the dtype of the scores it is added to (bf16 under autocast); an alias when it already is.</summary>
    internal Tensor MaskFor(Tensor scores) => Mask.dtype == scores.dtype ? Mask.alias() : Mask.to(scores.dtype);

    // segments: (B, T) -> additive (B, 1, T, T): 0 where segment[t] == segment[j] and j ≤ t
    private static Tensor BlockCausalMask(Tensor segments)
    {
        var T = segments.shape[1];
        using var scope = NewDisposeScope();
        var sameSample = segments.unsqueeze(2).eq(segments.unsqueeze(1));                              // (B, T, T)
        var causal = ones(T, T, dtype: ScalarType.Bool, device: segments.device).tril();               // (T, T): j ≤ t
        var allowed = sameSample.logical_and(causal);                                                   // (B, T, T)
        var mask = zeros(allowed.shape, device: segments.device).masked_fill(allowed.logical_not(), double.NegativeInfinity);
        return mask.unsqueeze(1).MoveToOuterDisposeScope();                                              // (B, 1, T, T)
    }

    public void Dispose()
    {
        Positions.Dispose();
        Segments.Dispose();
        Mask.Dispose();
    }
}
