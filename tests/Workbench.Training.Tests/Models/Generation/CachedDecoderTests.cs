using Workbench.Training.Models;
using Workbench.Training.Models.Generation;
using Workbench.Training.Models.Llama;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Models.Generation;

public sealed class CachedDecoderTests : TorchTest
{
    private static readonly int[][] s_ragged = [[1, 2, 3], [4], [5, 6, 7, 8, 9], [10, 11]];

    private static Gpt TinyGpt(int context = 24)
    {
        using var generator = new Generator(9);
        var model = new Gpt(new GptConfig(2, 2, 16, context, 40), generator);
        model.eval();
        return model;
    }

    public static TheoryData<string> Families => [LlamaConfig.Llama, LlamaConfig.Qwen2];

    [Fact]
    public void Gpt_RaggedBatch_SameTokensAndLogitsAsFullRecompute()
    {
        using var model = TinyGpt();
        AssertSameAsRecompute(model, s_ragged, maxNewTokens: 8, eosId: -1);
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Llama_RaggedBatch_SameTokensAndLogitsAsFullRecompute(string family)
    {
        using var model = TinyLlama.Model(TinyLlama.Config(family));
        AssertSameAsRecompute(model, s_ragged, maxNewTokens: 8, eosId: -1);
    }

    // Every family switch on the cached path: q/k norms, fused projections, Gemma's scale and soft caps, LongRoPE, and
    // sliding windows (4–6) shorter than prompt + new tokens, so the window cuts into the cache.
    [Theory]
    [MemberData(nameof(TinyFamilies.ModelTypes), MemberType = typeof(TinyFamilies))]
    public void Family_RaggedBatch_SameTokensAndLogitsAsFullRecompute(string modelType)
    {
        using var model = TinyFamilies.RandomModel(TinyFamilies.Config(modelType));
        AssertSameAsRecompute(model, s_ragged, maxNewTokens: 8, eosId: -1);
    }

    [Fact]
    public void Gpt_EosAndContextLimit_StopEachRowAsTheRecomputingDecoderDoes()
    {
        using var model = TinyGpt(context: 12);
        var eos = RecomputingDecoder.Generate(model, [s_ragged[0]], 3, -1, 0)[0][1];   // a token the model does produce
        int[][] prompts = [.. s_ragged, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]];
        var cached = CachedDecoder.Generate(model, prompts, maxNewTokens: 6, eosId: eos, padId: 0).Tokens;
        var recomputed = RecomputingDecoder.Generate(model, prompts, maxNewTokens: 6, eosId: eos, padId: 0);
        Assert.Equal(recomputed, cached);
        Assert.Equal(3, cached[^1].Length);   // 10 tokens + 3 fills the context of 12 (the last token read from a full context)
    }

    [Fact]
    public void GreedyDecoder_CachedModel_SameAnswersAsRecomputing()
    {
        using var model = TinyGpt();
        Assert.Equal(RecomputingDecoder.Generate(model, s_ragged, 5, 7, 0), GreedyDecoder.Generate(model, s_ragged, 5, 7, 0));
    }

    [Fact]
    public void Sampling_SameSeed_SameTokens_OtherSeed_OtherTokens()
    {
        using var model = TinyGpt();
        SamplingSettings Settings(long seed) => new(Temperature: 1.5, Seed: seed);
        var first = CachedDecoder.Generate(model, s_ragged, 10, -1, 0, Settings(1)).Tokens;
        var again = CachedDecoder.Generate(model, s_ragged, 10, -1, 0, Settings(1)).Tokens;
        var other = CachedDecoder.Generate(model, s_ragged, 10, -1, 0, Settings(2)).Tokens;
        Assert.Equal(first, again);
        Assert.NotEqual(first.SelectMany(t => t), other.SelectMany(t => t));
    }

    [Fact]
    public void Sampling_TopKOne_IsGreedy()
    {
        using var model = TinyGpt();
        var sampled = CachedDecoder.Generate(model, s_ragged, 6, -1, 0, new SamplingSettings(Temperature: 2, TopK: 1, Seed: 3)).Tokens;
        Assert.Equal(CachedDecoder.Generate(model, s_ragged, 6, -1, 0).Tokens, sampled);
    }

    // Each row's generated tokens and logits against one unpadded full forward of that row alone.
    private static void AssertSameAsRecompute(IIncrementalDecoder model, int[][] prompts, int maxNewTokens, int eosId)
    {
        var cached = CachedDecoder.Generate(model, prompts, maxNewTokens, eosId, padId: 0, keepLogits: true);
        Assert.Equal(RecomputingDecoder.Generate(model, prompts, maxNewTokens, eosId, padId: 0), cached.Tokens);
        using var _ = no_grad();
        for (var b = 0; b < prompts.Length; b++)
        {
            var generated = cached.Tokens[b];
            long[] sequence = [.. prompts[b].Select(t => (long)t), .. generated[..^1].Select(t => (long)t)];
            using var idx = tensor(sequence, [1, sequence.Length]);
            using var logits = model.call(idx);                                                     // (1, T, V)
            for (var i = 0; i < generated.Length; i++)
            {
                using var expected = logits[0, prompts[b].Length - 1 + i];
                using var actual = tensor(cached.Logits![b][i]);
                Assert.True(expected.allclose(actual, rtol: 0, atol: 1e-5), $"row {b}, new token {i}: max |Δ| = {(expected - actual).abs().max().item<float>()}");
            }
        }
    }
}
