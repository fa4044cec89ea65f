using TorchSharp;
using Workbench.Training.Models;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Models;

public sealed class FeatureCaptureTests : TorchTest
{
    public static TheoryData<string> Models => ["gpt", "llama", "qwen2"];

    private static readonly FeatureRequest s_everything = new(HiddenStates: true, Attention: true, Values: true);

    private static ICausalLanguageModel Create(string kind)
    {
        if (kind == "gpt")
        {
            using var generator = new Generator(1);
            var gpt = new Gpt(new GptConfig(Layers: 2, Heads: 4, Width: 32, Context: 16, VocabSize: TinyLlama.Vocab), generator);
            gpt.eval();
            return gpt;
        }
        return TinyLlama.Model(TinyLlama.Config(kind));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void ForwardWithFeatures_Everything_LogitsEqualPlainForwardAndShapesFollowTheModel(string kind)
    {
        using var model = Create(kind);
        using var idx = TinyLlama.Ids(2, 6);
        using var _ = no_grad();
        using var plain = model.call(idx);
        using var capture = model.ForwardWithFeatures(idx, s_everything);

        Assert.True(plain.allclose(capture.Logits, rtol: 1e-4, atol: 1e-5));
        var shape = model.Shape;
        Assert.Equal(shape.Layers + 1, capture.HiddenStates.Count);
        Assert.All(capture.HiddenStates, h => Assert.Equal([2L, 6, shape.Width], h.shape));
        Assert.Equal(shape.Layers, capture.Attentions.Count);
        Assert.All(capture.Attentions, a => Assert.Equal([2L, shape.Heads, 6, 6], a.shape));
        Assert.Equal(shape.Layers, capture.Values.Count);
        Assert.All(capture.Values, v => Assert.Equal([2L, shape.Heads, 6, shape.HeadSize], v.shape));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void ForwardWithFeatures_AttentionOnly_EqualsForwardWithAttention(string kind)
    {
        using var model = Create(kind);
        using var idx = TinyLlama.Ids(2, 6);
        using var _ = no_grad();
        using var expected = model.ForwardWithAttention(idx);
        using var capture = model.ForwardWithFeatures(idx, new FeatureRequest(Attention: true));

        Assert.Empty(capture.HiddenStates);
        Assert.Empty(capture.Values);
        for (var i = 0; i < expected.Probabilities.Count; i++)
            TensorAssert.Equal(expected.Probabilities[i], capture.Attentions[i]);
    }

    [Fact]
    public void ForwardWithFeatures_Gpt_LastHiddenStateIsWhatTheHeadReads()
    {
        using var model = (Gpt)Create("gpt");
        using var idx = TinyLlama.Ids(1, 5);
        using var _ = no_grad();
        using var capture = model.ForwardWithFeatures(idx, new FeatureRequest(HiddenStates: true));
        using var embeddings = model.Embed(idx);
        using var fromFirst = model.ForwardFromEmbeddings(embeddings);

        // Index 0 is wte + wpe; feeding the final hidden state through the head alone gives the logits.
        var head = model.named_modules().Single(m => m.name == "lm_head").module as TorchSharp.Modules.Linear;
        using var logits = head!.call(capture.HiddenStates[^1]);
        Assert.True(logits.allclose(capture.Logits, rtol: 1e-5, atol: 1e-6));
        Assert.True(fromFirst.allclose(capture.Logits, rtol: 1e-5, atol: 1e-6));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void ForwardWithFeatures_WithGrad_FeaturesCarryTheGraphToTheWeights(string kind)
    {
        using var model = Create(kind);
        using var idx = TinyLlama.Ids(1, 4);
        using var scope = NewDisposeScope();
        var capture = model.ForwardWithFeatures(idx, s_everything);
        var loss = capture.Attentions[0].sum() + capture.Values[^1].square().sum() + capture.HiddenStates[1].square().sum();
        loss.backward();
        Assert.Contains(model.parameters(), p => p.grad is { } g && g.abs().sum().item<float>() > 0);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void ForwardWithFeatures_Afterwards_PlainForwardAllocatesNoMoreThanBefore(string kind)
    {
        using var model = Create(kind);
        using var idx = TinyLlama.Ids(1, 4);
        using var _ = no_grad();
        var before = LiveTensorsLeftBy(() => model.call(idx));
        using (model.ForwardWithFeatures(idx, s_everything)) { }
        Assert.Equal(before, LiveTensorsLeftBy(() => model.call(idx)));
    }

    private static long LiveTensorsLeftBy(Func<Tensor> forward)
    {
        using var scope = NewDisposeScope();
        var start = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        forward().Dispose();
        return DisposeScopeManager.Statistics.ThreadTotalLiveCount - start;
    }
}
