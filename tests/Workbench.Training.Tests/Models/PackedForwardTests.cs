using Workbench.Training.Models;
using Workbench.Training.Models.Llama;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Models;

/// <summary>
/// A packed batch gives each sample the logits (and attention, values, hidden states) it gets in the padded batch:
/// positions restart, attention stays inside the sample, for GPT and every Llama family (sliding windows shorter than the
/// samples, soft caps, LongRoPE, Gemma 3's local rotation).
/// </summary>
public sealed class PackedForwardTests : TorchTest
{
    // Longest 11: windows of 4–6 cut into most samples; packed into 5 rows of 11 instead of 8.
    private static readonly int[] s_lengths = [11, 3, 7, 5, 2, 9, 4, 6];

    private static Gpt TinyGpt()
    {
        using var generator = new Generator(9);
        var model = new Gpt(new GptConfig(2, 2, 16, 24, 40), generator);
        model.eval();
        return model;
    }

    [Theory]
    [InlineData(11)]   // as long as the longest sample: 5 rows
    [InlineData(16)]   // wider: 3 rows
    public void Gpt_PackedBatch_SameLogitsPerSampleAsPadded(int rowLength)
    {
        using var model = TinyGpt();
        AssertSameLogits(model, vocab: 40, rowLength);
    }

    [Theory]
    [MemberData(nameof(TinyFamilies.ModelTypes), MemberType = typeof(TinyFamilies))]
    public void Family_PackedBatch_SameLogitsPerSampleAsPadded(string modelType)
    {
        using var model = TinyFamilies.RandomModel(TinyFamilies.Config(modelType));
        AssertSameLogits(model, TinyFamilies.Vocab, rowLength: 16);
    }

    [Fact]
    public void Gpt_PackedFeatures_SameAttentionValuesAndHiddenStatesPerSample_NothingAcrossSamples()
    {
        using var model = TinyGpt();
        AssertSameFeatures(model, vocab: 40);
    }

    [Theory]
    [InlineData(LlamaConfig.Gemma2)]   // window 4, soft caps, its own score scale
    [InlineData(LlamaConfig.Phi3)]     // window 6, fused projections, LongRoPE
    public void Family_PackedFeatures_SameAttentionValuesAndHiddenStatesPerSample(string modelType)
    {
        using var model = TinyFamilies.RandomModel(TinyFamilies.Config(modelType));
        AssertSameFeatures(model, TinyFamilies.Vocab);
    }

    [Fact]
    public void Attach_DetachesAfterwards_PlainForwardIsCausalAgain()
    {
        using var model = TinyGpt();
        using var samples = new PackedSamples(s_lengths, vocab: 40);
        using var before = model.call(samples.Packed.InputIds);
        using (PackedForward.Attach(model, samples.Layout))
        using (var packed = model.call(samples.Packed.InputIds))
            Assert.False(packed.allclose(before), "the layout changed nothing");
        Assert.Null(model.Packing);
        using var after = model.call(samples.Packed.InputIds);
        TensorAssert.Equal(before, after);
    }

    private static void AssertSameLogits(ICausalLanguageModel model, int vocab, int rowLength)
    {
        using var scope = NewDisposeScope();
        using var samples = new PackedSamples(s_lengths, vocab, rowLength: rowLength);
        Assert.Equal(rowLength == 16 ? 3 : 5, samples.Packed.Size);
        using var _ = no_grad();
        var padded = model.call(samples.Padded.InputIds);                                   // (N, T, V)
        Tensor packed;
        using (PackedForward.Attach(model, samples.Layout)) packed = model.call(samples.Packed.InputIds);   // (B_p, T, V)
        samples.AssertSamePerSample(padded, packed, atol: 1e-5);
    }

    private static void AssertSameFeatures(ICausalLanguageModel model, int vocab)
    {
        using var scope = NewDisposeScope();
        using var samples = new PackedSamples(s_lengths, vocab, rowLength: 16);
        using var _ = no_grad();
        var request = new FeatureRequest(HiddenStates: true, Attention: true, Values: true);
        using var padded = model.ForwardWithFeatures(samples.Padded.InputIds, request);
        FeatureCapture packed;
        using (PackedForward.Attach(model, samples.Layout)) packed = model.ForwardWithFeatures(samples.Packed.InputIds, request);
        using (packed)
        {
            Assert.Same(samples.Layout, packed.Packing);
            samples.AssertSamePerSample(padded.Logits, packed.Logits, atol: 1e-5);
            for (var i = 0; i < padded.HiddenStates.Count; i++) samples.AssertSamePerSample(padded.HiddenStates[i], packed.HiddenStates[i], atol: 1e-5);
            for (var l = 0; l < padded.Attentions.Count; l++)
            {
                // (B, nh, T, hs) and (B, nh, T, T): tokens on dim 2 (dim 1 of a row)
                samples.AssertSamePerSample(padded.Values[l], packed.Values[l], atol: 1e-5, dim: 2);
                foreach (var (sample, row, offset, length) in samples.Placements())
                {
                    using var expected = padded.Attentions[l][sample].narrow(1, 0, length).narrow(2, 0, length);
                    using var rowMaps = packed.Attentions[l][row].narrow(1, offset, length);          // (nh, L, T)
                    using var own = rowMaps.narrow(2, offset, length);
                    Assert.True(expected.allclose(own, rtol: 0, atol: 1e-5), $"layer {l}, sample {sample}: attention differs");
                    using var rowSum = own.sum(-1);
                    Assert.True(rowSum.allclose(ones_like(rowSum), rtol: 0, atol: 1e-5), "attention leaked to another sample");
                }
            }
        }
    }
}
