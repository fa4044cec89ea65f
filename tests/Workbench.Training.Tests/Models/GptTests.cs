using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using Workbench.Training.Trainer;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Models;

public sealed class GptTests : TorchTest
{
    private static readonly GptConfig s_tiny = new(Layers: 2, Heads: 2, Width: 32, Context: 16, VocabSize: 24);

    private static Gpt Tiny(ulong seed = 1)
    {
        using var generator = new Generator(seed);
        return new Gpt(s_tiny, generator);
    }

    private static Tensor RandomIds(long B, long T, ulong seed = 2)
    {
        using var generator = new Generator(seed);
        return randint(0, s_tiny.VocabSize, [B, T], dtype: ScalarType.Int64, generator: generator);
    }

    [Fact]
    public void Forward_BatchOfIds_ReturnsLogitsOfShapeBTV()
    {
        using var model = Tiny();
        using var idx = RandomIds(3, 7);
        using var logits = model.call(idx);
        Assert.Equal([3L, 7L, s_tiny.VocabSize], logits.shape);
    }

    [Fact]
    public void ForwardFromEmbeddings_EmbeddingsOfIds_EqualsForward()
    {
        using var model = Tiny();
        using var idx = RandomIds(2, 5);
        using var direct = model.call(idx);
        using var emb = model.Embed(idx);
        using var viaEmbeddings = model.ForwardFromEmbeddings(emb);
        Assert.Equal([2L, 5L, 32L], emb.shape);
        Assert.True(direct.allclose(viaEmbeddings));
    }

    [Fact]
    public void ForwardFromEmbeddings_RequiresGradOnEmbeddings_GivesEmbeddingGradient()
    {
        using var model = Tiny();
        using var idx = RandomIds(1, 4);
        using var emb = model.Embed(idx).detach().requires_grad_(true);
        using var logits = model.ForwardFromEmbeddings(emb);
        using var score = logits.sum();
        score.backward();
        Assert.NotNull(emb.grad);
        Assert.Equal(emb.shape, emb.grad!.shape);
    }

    [Fact]
    public void Forward_LaterTokenChanged_EarlierLogitsUnchanged()
    {
        using var model = Tiny();
        using var idx = RandomIds(1, 6);
        using var changed = idx.clone();
        changed[0, 5] = tensor(((idx[0, 5].item<long>() + 1) % s_tiny.VocabSize));
        using var a = model.call(idx);
        using var b = model.call(changed);
        Assert.True(a[.., ..5].allclose(b[.., ..5], rtol: 1e-5, atol: 1e-6));   // causal: positions < 5 cannot see token 5
        Assert.False(a[.., 5].allclose(b[.., 5]));
    }

    [Fact]
    public void Forward_SequenceLongerThanContext_Throws()
    {
        using var model = Tiny();
        using var idx = RandomIds(1, s_tiny.Context + 1);
        Assert.Throws<ArgumentException>(() => model.call(idx));
    }

    [Fact]
    public void Constructor_WidthNotDivisibleByHeads_ThrowsArgumentException()
    {
        var ex = Assert.Throws<ArgumentException>(() => new Gpt(s_tiny with { Heads = 3 }));
        Assert.Contains("divisible", ex.Message.Replace("multiple", "divisible"));
    }

    [Fact]
    public void ParameterCount_TinyConfig_MatchesHandCount()
    {
        using var model = Tiny();
        // wte V·C + wpe ctx·C + per block (ln 2·2C, c_attn C·3C+3C, attn c_proj C·C+C, c_fc C·4C+4C, mlp c_proj 4C·C+C) + ln_f 2C + lm_head C·V
        const int C = 32, V = 24, ctx = 16;
        const int block = 4 * C + (3 * C * C + 3 * C) + (C * C + C) + (4 * C * C + 4 * C) + (4 * C * C + C);
        Assert.Equal(V * C + ctx * C + 2 * block + 2 * C + C * V, model.ParameterCount());
    }

    [Fact]
    public void Constructor_SameGenerator_SameWeights()
    {
        using var a = Tiny(seed: 5);
        using var b = Tiny(seed: 5);
        using var idx = RandomIds(2, 4);
        using var la = a.call(idx);
        using var lb = b.call(idx);
        TensorAssert.Equal(la, lb);
    }

    [Fact]
    public void StateDict_Keys_UseNanoGptNames()
    {
        using var model = Tiny();
        var keys = model.state_dict().Keys.ToHashSet();
        Assert.Contains("wte.weight", keys);
        Assert.Contains("wpe.weight", keys);
        Assert.Contains("h.0.ln_1.weight", keys);
        Assert.Contains("h.1.attn.c_attn.weight", keys);
        Assert.Contains("h.1.mlp.c_proj.bias", keys);
        Assert.Contains("ln_f.bias", keys);
        Assert.Contains("lm_head.weight", keys);
    }

    [Fact]
    public void TrainingSteps_RepeatedDemoBatch_LossFalls()
    {
        var data = ArithmeticProblems.Generate(seed: 3, trainCount: 16, evalCount: 0);
        var config = new GptConfig(2, 2, 32, 64, data.Tokenizer.VocabSize);
        using var generator = new Generator(11);
        using var model = new Gpt(config, generator);
        using var optimizer = TrainingStep.CreateOptimizer(model, 3e-3);
        var step = new TrainingStep(model, null, new DistillationLoss([new Experiments.ObjectiveTerm()]), optimizer);
        using var batch = Batch.Collate(data.Train, data.Tokenizer.PadId);

        var losses = new List<double>();
        for (var i = 0; i < 30; i++)
        {
            using var scope = NewDisposeScope();
            losses.Add(step.Run(batch, 3e-3).TotalValue);
        }
        Assert.True(losses[^1] < 0.5 * losses[0], $"loss {losses[0]:F3} -> {losses[^1]:F3}");
    }
}
