using Workbench.Training.Models;
using Workbench.Training.Models.Llama;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Models;

public sealed class AttentionCaptureTests : TorchTest
{
    public static TheoryData<string> Models => ["gpt", "llama", "qwen2"];

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
    public void ForwardWithAttention_TinyModel_GivesCausalRowStochasticProbabilitiesPerLayer(string kind)
    {
        using var model = Create(kind);
        using var idx = TinyLlama.Ids(2, 6);
        using var _ = no_grad();
        using var capture = model.ForwardWithAttention(idx);
        Assert.Equal(2, capture.Probabilities.Count);
        foreach (var p in capture.Probabilities)
        {
            Assert.Equal([2L, 4L, 6L, 6L], p.shape);                                       // (B, nh, T, T)
            using var rowSums = p.sum(-1);
            Assert.True(rowSums.allclose(ones_like(rowSums), rtol: 1e-5, atol: 1e-6));
            using var future = p.triu(1);
            Assert.Equal(0f, future.abs().max().item<float>());                            // no weight on later positions
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void ForwardWithAttention_TinyModel_LogitsMatchFusedForward(string kind)
    {
        using var model = Create(kind);
        using var idx = TinyLlama.Ids(2, 6);
        using var _ = no_grad();
        using var fused = model.call(idx);
        using var capture = model.ForwardWithAttention(idx);
        Assert.True(fused.allclose(capture.Logits, rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void ForwardWithAttention_ThenPlainForward_KeepsNothing()
    {
        using var model = TinyLlama.Model(TinyLlama.Config());
        using var idx = TinyLlama.Ids(1, 4);
        using var _ = no_grad();
        model.ForwardWithAttention(idx).Dispose();
        using var logits = model.call(idx);
        var probes = model.modules().OfType<LlamaAttention>().Cast<IAttentionProbe>().ToList();
        Assert.Equal(2, probes.Count);
        Assert.All(probes, p => Assert.False(p.CaptureAttention));
        Assert.All(probes, p => Assert.Null(p.TakeProbabilities()));
    }
}
