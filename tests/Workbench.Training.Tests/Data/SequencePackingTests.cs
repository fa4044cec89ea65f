using Workbench.Training.Data;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Data;

public sealed class SequencePackingTests : TorchTest
{
    private static readonly int[] s_lengths = [11, 3, 7, 5, 2, 9, 4, 6];

    [Fact]
    public void Rows_FirstFitDecreasing_FillsRowsLongestFirst()
    {
        var rows = SequencePacking.Rows(s_lengths, capacity: 11);
        Assert.Equal([[0], [5, 4], [2, 6], [7, 3], [1]], rows.Select(r => r.ToArray()).ToArray());
        Assert.All(rows, r => Assert.True(r.Sum(i => s_lengths[i]) <= 11));
        Assert.Equal(Enumerable.Range(0, s_lengths.Length), rows.SelectMany(r => r).Order());
    }

    [Fact]
    public void Rows_SampleLongerThanTheRow_Throws() =>
        Assert.Throws<ArgumentException>(() => SequencePacking.Rows([3, 12], capacity: 11));

    [Fact]
    public void Collate_PositionsRestartAtEachSample_SegmentsNumberThem_PaddingIsSegmentZero()
    {
        using var samples = new PackedSamples(s_lengths, vocab: 50);
        var layout = samples.Layout;
        Assert.Equal(5, layout.RowCount);
        Assert.Equal(11, layout.Length);
        var positions = layout.Positions.data<long>().ToArray();
        var segments = layout.Segments.data<long>().ToArray();
        // row 1 holds samples 5 (9 tokens) then 4 (2 tokens)
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 1], positions[11..22]);
        Assert.Equal([1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2], segments[11..22]);
        // row 4 holds sample 1 (3 tokens) and padding
        Assert.Equal([1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0], segments[44..55]);
    }

    [Fact]
    public void Collate_SameTargetsAsPadded_NoneCrossesIntoTheNextSample()
    {
        using var samples = new PackedSamples(s_lengths, vocab: 50, answerStart: 2);
        Assert.Equal(samples.Padded.TargetCount, samples.Packed.TargetCount);
        Assert.True(samples.Packed.TokenCount < samples.Padded.TokenCount);
        Assert.Equal(samples.Padded.RealTokenCount, samples.Packed.RealTokenCount);   // same samples, same real tokens
        samples.AssertSamePerSample(samples.Padded.Labels.to(ScalarType.Float32), samples.Packed.Labels.to(ScalarType.Float32), atol: 0);
        samples.AssertSamePerSample(samples.Padded.InputIds.to(ScalarType.Float32), samples.Packed.InputIds.to(ScalarType.Float32), atol: 0);
        foreach (var (_, row, offset, length) in samples.Placements())
            Assert.Equal(-100L, samples.Packed.Labels[row, offset + length - 1].item<long>());   // a sample's last token predicts nothing
    }

    [Fact]
    public void Mask_BlockDiagonalCausal()
    {
        using var samples = new PackedSamples([3, 2, 5], vocab: 50);
        // row 1: sample 0 at 0..2, sample 1 at 3..4
        var allowed = samples.Layout.Mask[1].eq(0).squeeze().data<bool>().ToArray();
        bool[] expected =
        [
            true, false, false, false, false,
            true, true, false, false, false,
            true, true, true, false, false,
            false, false, false, true, false,
            false, false, false, true, true,
        ];
        Assert.Equal(expected, allowed);
    }
}
