using Workbench.Training.Leaf;
using Workbench.Training.Models;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Leaf;

public sealed class ConfounderAttentionMassTests : TorchTest
{
    // One layer, two heads, T = 4; only rows 2 and 3 (the response queries) matter. Keys 0–1 are the instruction, key 1 the span.
    private static readonly float[] s_attention =
    [
        // head 0
        1.0f, 0.0f, 0.0f, 0.0f,
        0.5f, 0.5f, 0.0f, 0.0f,
        0.2f, 0.5f, 0.3f, 0.0f,
        0.1f, 0.4f, 0.2f, 0.3f,
        // head 1
        1.0f, 0.0f, 0.0f, 0.0f,
        0.5f, 0.5f, 0.0f, 0.0f,
        0.6f, 0.2f, 0.2f, 0.0f,
        0.3f, 0.1f, 0.1f, 0.5f,
    ];

    [Fact]
    public void Compute_TwoResponseQueries_HandComputedMass()
    {
        // span: (.5 + .4 + .2 + .1) / 4 = .3; instruction: (.7 + .5 + .8 + .4) / 4 = .6; share .5; |A|/|I| = .5 -> lift 1.
        var result = ConfounderAttentionMass.Compute(s_attention, layers: 1, heads: 2, T: 4, [2, 3], [1], [0, 1]);
        Assert.Equal(0.3, result.Cam, 1e-6);
        Assert.Equal(0.5, result.Share, 1e-6);
        Assert.Equal(1.0, result.Lift, 1e-6);
    }

    [Fact]
    public void Compute_LastQueryOnly_SpanPreferredOverItsSize()
    {
        // span: (.4 + .1) / 2 = .25; instruction: (.5 + .4) / 2 = .45; share 5/9; lift 10/9.
        var result = ConfounderAttentionMass.Compute(s_attention, 1, 2, 4, [3], [1], [0, 1]);
        Assert.Equal(0.25, result.Cam, 1e-6);
        Assert.Equal(5.0 / 9, result.Share, 1e-6);
        Assert.Equal(10.0 / 9, result.Lift, 1e-6);
    }

    [Fact]
    public void Compute_TensorsOfTwoLayers_AveragesLayers()
    {
        // Layer 2 puts all of every row on key 0, so the span gets nothing there: CAM halves, instruction mass is (.6 + 1) / 2.
        using var layer1 = tensor(s_attention, [1, 2, 4, 4]);
        using var layer2 = zeros(1, 2, 4, 4);
        layer2[.., .., .., 0] = tensor(1f);
        var result = ConfounderAttentionMass.Compute([layer1, layer2], 0, [2, 3], [1], [0, 1]);
        Assert.Equal(0.15, result.Cam, 1e-6);
        Assert.Equal(0.15 / 0.8, result.Share, 1e-6);
        Assert.Equal(0.15 / 0.8 / 0.5, result.Lift, 1e-6);
    }

    [Fact]
    public void Compute_CaptureOfTinyGpt_MatchesFlattenedComputation()
    {
        using var generator = new Generator(5);
        using var model = new Gpt(new GptConfig(Layers: 2, Heads: 2, Width: 16, Context: 12, VocabSize: 20), generator);
        model.eval();
        using var idx = tensor(new long[] { 1, 5, 7, 9, 3, 4, 2, 8, 6, 11, 10, 12, 13, 14, 15, 16, 17, 18, 19, 0 }, [2, 10]);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        using var capture = model.ForwardWithAttention(idx);

        int[] response = [7, 8, 9], span = [3, 4], instruction = [1, 2, 3, 4, 5];
        var fromCapture = ConfounderAttentionMass.Compute(capture, batchRow: 1, response, span, instruction);
        var flat = capture.Probabilities.SelectMany(p => p[1].contiguous().data<float>().ToArray()).ToArray();
        var fromFlat = ConfounderAttentionMass.Compute(flat, 2, 2, 10, response, span, instruction);
        Assert.Equal(fromFlat.Cam, fromCapture.Cam, 1e-6);
        Assert.Equal(fromFlat.Share, fromCapture.Share, 1e-6);
        Assert.Equal(fromFlat.Lift, fromCapture.Lift, 1e-6);
        Assert.InRange(fromCapture.Share, 0, 1);
    }

    [Fact]
    public void Compute_SpanKeyOutsideInstruction_Throws() =>
        Assert.Throws<ArgumentException>(() => ConfounderAttentionMass.Compute(s_attention, 1, 2, 4, [3], [2], [0, 1]));
}
