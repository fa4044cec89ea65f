using Workbench.Training.Models;
using Workbench.Training.Models.Llama;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Models.Llama;

public sealed class LlamaForCausalLMTests : TorchTest
{
    [Fact]
    public void Forward_BatchOfIds_ReturnsLogitsOfShapeBTV()
    {
        using var model = TinyLlama.Model(TinyLlama.Config());
        using var idx = TinyLlama.Ids(3, 7);
        using var logits = model.call(idx);
        Assert.Equal([3L, 7L, TinyLlama.Vocab], logits.shape);
    }

    [Fact]
    public void StateDict_Llama_HasExactlyTheHuggingFaceKeys()
    {
        using var model = TinyLlama.Model(TinyLlama.Config());
        string[] perLayer = ["self_attn.q_proj.weight", "self_attn.k_proj.weight", "self_attn.v_proj.weight", "self_attn.o_proj.weight",
                             "mlp.gate_proj.weight", "mlp.up_proj.weight", "mlp.down_proj.weight", "input_layernorm.weight", "post_attention_layernorm.weight"];
        var expected = new[] { "model.embed_tokens.weight", "model.norm.weight", "lm_head.weight" }
            .Concat(Enumerable.Range(0, 2).SelectMany(i => perLayer.Select(k => $"model.layers.{i}.{k}")));
        Assert.Equal(expected.Order(), model.state_dict().Keys.Order());
    }

    [Fact]
    public void StateDict_Qwen2_HasBiasesOnQkvOnly()
    {
        using var model = TinyLlama.Model(TinyLlama.Config(LlamaConfig.Qwen2));
        var biases = model.state_dict().Keys.Where(k => k.EndsWith(".bias", StringComparison.Ordinal)).Order();
        Assert.Equal(Enumerable.Range(0, 2).SelectMany(i => new[] { "q", "k", "v" }.Select(p => $"model.layers.{i}.self_attn.{p}_proj.bias")).Order(), biases);
    }

    [Fact]
    public void StateDict_Tied_HasNoLmHead()
    {
        using var model = TinyLlama.Model(TinyLlama.Config(tied: true));
        Assert.DoesNotContain("lm_head.weight", model.state_dict().Keys);
    }

    [Theory]
    [InlineData(LlamaConfig.Llama, false)]
    [InlineData(LlamaConfig.Llama, true)]
    [InlineData(LlamaConfig.Qwen2, false)]
    public void ParameterCount_TinyConfig_MatchesConfigAndHandCount(string modelType, bool tied)
    {
        var config = TinyLlama.Config(modelType, tied);
        using var model = TinyLlama.Model(config);
        // V·C embedding; per layer q C·C, k and v C·(C/2) each (2 of 4 heads), o C·C, MLP 3·C·I, two norms 2C; final norm C; head V·C
        const long C = 32, V = 64, I = 48;
        var layer = C * C + 2 * C * (C / 2) + C * C + 3 * C * I + 2 * C + (modelType == LlamaConfig.Qwen2 ? C + 2 * (C / 2) : 0);
        var expected = V * C + 2 * layer + C + (tied ? 0 : V * C);
        Assert.Equal(expected, model.ParameterCount());
        Assert.Equal(expected, config.ParameterCount());
    }

    [Fact]
    public void Forward_Tied_EqualsUntiedWithHeadCopiedFromEmbedding()
    {
        using var tied = TinyLlama.Model(TinyLlama.Config(tied: true));
        using var untied = TinyLlama.Model(TinyLlama.Config(tied: false));
        var state = new Dictionary<string, Tensor>(tied.state_dict()) { ["lm_head.weight"] = tied.state_dict()["model.embed_tokens.weight"] };
        untied.load_state_dict(state);
        using var idx = TinyLlama.Ids(2, 5);
        using var a = tied.call(idx);
        using var b = untied.call(idx);
        TensorAssert.Equal(a, b);
    }

    [Fact]
    public void Backward_Tied_EmbeddingGetsGradientFromHeadAndInput()
    {
        using var model = TinyLlama.Model(TinyLlama.Config(tied: true));
        using var idx = tensor(new long[] { 1, 2 }, [1, 2]);
        using var logits = model.call(idx);
        using var score = logits[.., .., 60].sum();               // token 60 is not in the input, so only the head reaches its row
        score.backward();
        var grad = model.named_parameters().Single(p => p.name == "model.embed_tokens.weight").parameter.grad!;
        Assert.True(grad[60].abs().sum().item<float>() > 0);
        Assert.True(grad[1].abs().sum().item<float>() > 0);
    }

    [Theory]
    [InlineData(LlamaConfig.Llama)]
    [InlineData(LlamaConfig.Qwen2)]
    public void Forward_LaterTokenChanged_EarlierLogitsUnchanged(string modelType)
    {
        using var model = TinyLlama.Model(TinyLlama.Config(modelType));
        using var idx = TinyLlama.Ids(1, 6);
        using var changed = idx.clone();
        changed[0, 5] = tensor((idx[0, 5].item<long>() + 1) % TinyLlama.Vocab);
        using var a = model.call(idx);
        using var b = model.call(changed);
        Assert.True(a[.., ..5].allclose(b[.., ..5], rtol: 1e-5, atol: 1e-6));    // positions < 5 cannot see token 5
        Assert.False(a[.., 5].allclose(b[.., 5]));
    }

    [Fact]
    public void ForwardFromEmbeddings_EmbeddingsOfIds_EqualsForward()
    {
        using var model = TinyLlama.Model(TinyLlama.Config());
        using var idx = TinyLlama.Ids(2, 5);
        using var direct = model.call(idx);
        using var emb = model.Embed(idx);
        using var viaEmbeddings = model.ForwardFromEmbeddings(emb);
        Assert.Equal([2L, 5L, 32L], emb.shape);
        TensorAssert.Equal(direct, viaEmbeddings);
    }

    [Fact]
    public void Model_AsCausalLanguageModel_ReportsVocabLayersAndContext()
    {
        using var model = TinyLlama.Model(TinyLlama.Config());
        ICausalLanguageModel lm = model;
        Assert.Equal((64, 2, 32), (lm.VocabSize, lm.LayerCount, lm.ContextLength));
    }

    [Fact]
    public void Forward_SequenceLongerThanMaxPositions_Throws()
    {
        using var model = TinyLlama.Model(TinyLlama.Config());
        using var idx = TinyLlama.Ids(1, 33);
        Assert.Throws<ArgumentException>(() => model.call(idx));
    }

    [Fact]
    public void Constructor_HeadsNotMultipleOfKvHeads_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => new LlamaForCausalLM(TinyLlama.Config() with { NumKeyValueHeads = 3 }));
        Assert.Contains("num_key_value_heads", ex.Message);
    }

    [Fact]
    public void Constructor_UnknownRopeScaling_ThrowsNotSupportedNamingIt()
    {
        var ex = Assert.Throws<NotSupportedException>(() => new LlamaForCausalLM(TinyLlama.Config() with { RopeScaling = new RopeScaling("yarn", 4) }));
        Assert.Contains("'yarn'", ex.Message);
    }

    [Fact]
    public void Constructor_SameGenerator_SameWeights()
    {
        using var a = TinyLlama.Model(TinyLlama.Config(), seed: 5);
        using var b = TinyLlama.Model(TinyLlama.Config(), seed: 5);
        using var idx = TinyLlama.Ids(2, 4);
        using var la = a.call(idx);
        using var lb = b.call(idx);
        TensorAssert.Equal(la, lb);
    }

    [Fact]
    public void Training_OneRepeatedBatch_LossFalls()
    {
        using var model = TinyLlama.Model(TinyLlama.Config());
        model.train();
        using var optimizer = optim.AdamW(model.parameters(), lr: 1e-2);
        using var idx = TinyLlama.Ids(2, 8);
        double first = 0, last = 0;
        for (var step = 0; step < 20; step++)
        {
            using var scope = NewDisposeScope();
            var logits = model.call(idx[.., ..^1]);                                      // (B, T-1, V)
            var loss = nn.functional.cross_entropy(logits.reshape(-1, TinyLlama.Vocab), idx[.., 1..].reshape(-1));
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            if (step == 0) first = loss.item<float>();
            last = loss.item<float>();
        }
        Assert.True(last < first / 2, $"loss {first} -> {last}");
    }
}
