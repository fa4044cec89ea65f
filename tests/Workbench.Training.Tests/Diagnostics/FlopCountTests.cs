using TorchSharp;
using Workbench.Training.Diagnostics;
using Workbench.Training.Models;
using Workbench.Training.Models.Llama;
using Workbench.Training.Tests.Shared;

namespace Workbench.Training.Tests.Diagnostics;

public sealed class FlopCountTests : TorchTest
{
    private static readonly GptConfig s_gpt = new(Layers: 2, Heads: 2, Width: 64, Context: 40, VocabSize: 272);

    // Weights that multiply activations: every 2-D parameter except the embedding tables (lookups, not matmuls).
    private static long LinearWeights(torch.nn.Module model, params string[] embeddings) =>
        model.named_parameters().Where(p => p.parameter.dim() == 2 && !embeddings.Any(e => p.name.Contains(e, StringComparison.Ordinal)))
                                .Sum(p => p.parameter.numel());

    [Fact]
    public void Of_Gpt_CountsExactlyTheBuiltModelsLinearWeights()
    {
        using var model = new Gpt(s_gpt);

        Assert.Equal(LinearWeights(model, "wte", "wpe"), FlopCount.Of(s_gpt).MatmulParameters);
    }

    [Fact]
    public void Of_LlamaWithGroupedQueryAttention_CountsExactlyTheBuiltModelsLinearWeights()
    {
        var config = TinyLlama.Config();                  // 4 query heads, 2 kv heads: k and v are half as wide as q
        using var model = TinyLlama.Model(config);

        var flops = FlopCount.Of(config);

        Assert.Equal(LinearWeights(model, "embed_tokens"), flops.MatmulParameters);
        Assert.Equal(config.NumAttentionHeads * config.HeadSize, flops.AttentionWidth);
    }

    [Fact]
    public void Of_TiedLlama_StillCountsTheHeadMatmul()
    {
        Assert.Equal(FlopCount.Of(TinyLlama.Config()).MatmulParameters, FlopCount.Of(TinyLlama.Config(tied: true)).MatmulParameters);
    }

    [Fact]
    public void Formulas_BuiltInStudent_MatchPaLMsCountByHand()
    {
        var flops = FlopCount.Of(s_gpt);
        const double N = 2 * 12 * 64 * 64 + 64 * 272;     // 115,712 linear weights
        const double attention = 2 * 64 * 40;              // L·A·T

        Assert.Equal(N, flops.MatmulParameters);
        Assert.Equal(2 * N + 4 * attention, flops.Forward(40));
        Assert.Equal(6 * N + 12 * attention, flops.TrainingStep(40));
        Assert.Equal(4 * N + 12 * attention, flops.InputGradient(40));
    }

    [Fact]
    public void DistillationStep_AddsTheTeachersForwardOnlyWhenThereIsATeacher()
    {
        var student = FlopCount.Of(s_gpt);
        var teacher = FlopCount.Of(s_gpt with { Layers = 4, Heads = 4, Width = 128 });

        Assert.Equal(student.TrainingStep(40), FlopCount.DistillationStep(student, null, 40));
        Assert.Equal(student.TrainingStep(40) + teacher.Forward(40), FlopCount.DistillationStep(student, teacher, 40));
    }
}
