using Workbench.Training.Models.Llama;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Models.Llama;

public sealed class LlamaAttentionTests : TorchTest
{
    [Fact]
    public void Projections_GroupedQueryConfig_HaveKvHeadsOnlyOnKeyAndValue()
    {
        using var attention = new LlamaAttention(TinyLlama.Config());     // C 32, 4 heads of 8, 2 kv heads
        var shapes = attention.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.shape);
        Assert.Equal([32L, 32L], shapes["q_proj.weight"]);
        Assert.Equal([16L, 32L], shapes["k_proj.weight"]);
        Assert.Equal([16L, 32L], shapes["v_proj.weight"]);
        Assert.Equal([32L, 32L], shapes["o_proj.weight"]);
    }

    [Fact]
    public void Forward_GroupedQueryConfig_ReturnsBTC()
    {
        var config = TinyLlama.Config();
        using var attention = new LlamaAttention(config);
        var (cos, sin) = new RotaryEmbedding(config).Compute(arange(5L));
        using var x = randn(3, 5, 32);
        using var y = attention.call(x, cos, sin);
        Assert.Equal([3L, 5L, 32L], y.shape);
    }

    [Fact]
    public void Forward_TwoKvHeads_EqualsFourHeadAttentionWithEachKvHeadRepeated()
    {
        // GQA: kv head j serves query heads 2j and 2j+1. Full multi-head attention whose k/v rows repeat each kv
        // head's rows twice, in that order, must give the same output.
        var gqaConfig = TinyLlama.Config();
        var mhaConfig = gqaConfig with { NumKeyValueHeads = 4 };
        using var gqa = new LlamaAttention(gqaConfig);
        using var mha = new LlamaAttention(mhaConfig);
        var state = gqa.state_dict();
        using var scope = NewDisposeScope();
        Tensor Repeat(Tensor w) => w.view(2, 8, 32).repeat_interleave(2, dim: 0).reshape(32, 32);   // (nkv·hs, C) -> (nh·hs, C)
        mha.load_state_dict(new Dictionary<string, Tensor>
        {
            ["q_proj.weight"] = state["q_proj.weight"],
            ["k_proj.weight"] = Repeat(state["k_proj.weight"]),
            ["v_proj.weight"] = Repeat(state["v_proj.weight"]),
            ["o_proj.weight"] = state["o_proj.weight"],
        });
        var (cos, sin) = new RotaryEmbedding(gqaConfig).Compute(arange(6L));
        var x = randn(2, 6, 32);
        Assert.True(gqa.call(x, cos, sin).allclose(mha.call(x, cos, sin), rtol: 1e-5, atol: 1e-6));
    }
}
