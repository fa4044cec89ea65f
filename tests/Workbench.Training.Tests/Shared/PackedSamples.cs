using Workbench.Training.Data;
using Workbench.Training.Models;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Shared;

/// <summary>
/// Random samples of mixed lengths, collated both ways: padded (one per row) and packed (<see cref="SequencePacking"/>),
/// with a check that a packed tensor (B_p, T, …) holds, sample by sample, what the padded one (N, T, …) does.
/// </summary>
public sealed class PackedSamples : IDisposable
{
    public const int PadId = 0;

    /// <param name="rowLength">Tokens per packed row; null = as long as the longest sample (the tightest rows).</param>
    public PackedSamples(IReadOnlyList<int> lengths, int vocab, int seed = 5, int answerStart = 1, int? rowLength = null)
    {
        RowLength = rowLength ?? lengths.Max();
        var random = new Random(seed);
        Problems = [.. lengths.Select(n => new ArithmeticProblem("p", "a", "t", [.. Enumerable.Range(0, n).Select(_ => random.Next(1, vocab))],
                                                                 Math.Min(answerStart, n - 1)))];
        Padded = Batch.Collate(Problems, PadId);
        Packed = SequencePacking.Collate(Problems, PadId, RowLength);
    }

    public IReadOnlyList<ArithmeticProblem> Problems { get; }
    public int RowLength { get; }
    public Batch Padded { get; }
    public Batch Packed { get; }
    public PackedLayout Layout => Packed.Packing!;

    /// <summary>Where sample i sits in the packed rows: (row, offset, length).</summary>
    public IEnumerable<(int Sample, int Row, int Offset, int Length)> Placements()
    {
        var rows = SequencePacking.Rows([.. Problems.Select(p => p.TokenIds.Length)], RowLength);
        for (var r = 0; r < rows.Count; r++)
        {
            var offset = 0;
            foreach (var i in rows[r])
            {
                var length = Problems[i].TokenIds.Length;
                yield return (i, r, offset, length);
                offset += length;
            }
        }
    }

    /// <summary>Each sample's slice of <paramref name="packed"/> (rows on dim 0, tokens on <paramref name="dim"/>) is close to its row of <paramref name="padded"/>.</summary>
    public void AssertSamePerSample(Tensor padded, Tensor packed, double atol, int dim = 1)
    {
        foreach (var (sample, row, offset, length) in Placements())
        {
            using var expected = padded[sample].narrow(dim - 1, 0, length);
            using var actual = packed[row].narrow(dim - 1, offset, length);
            Assert.True(expected.allclose(actual, rtol: 0, atol: atol),
                        $"sample {sample} (row {row}, offset {offset}): max difference {(expected - actual).abs().max().item<float>():G3}");
        }
    }

    public void Dispose()
    {
        Padded.Dispose();
        Packed.Dispose();
    }
}
