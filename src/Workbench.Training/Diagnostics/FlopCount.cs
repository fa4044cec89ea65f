using Workbench.Training.Models;
using Workbench.Training.Models.Llama;

namespace Workbench.Training.Diagnostics;

/// <summary>
/// Model FLOPs of one token through a decoder, counted analytically as in PaLM (Chowdhery et al. 2022, app. B):
/// a forward pass costs <c>2·N + 4·L·A·T</c>, with N the weights that multiply activations (every linear layer and the
/// head; embedding lookups and norms cost no matmul), L layers, A = heads·head size the attention width and T the
/// sequence length (QKᵀ and A·V, 2·T·A each per layer). The causal mask is not credited, as PaLM does not.
/// </summary>
/// <param name="MatmulParameters">N: weights of the linear layers and of the head (a tied head counts too: it is still a matmul).</param>
/// <param name="Layers">L: transformer blocks.</param>
/// <param name="AttentionWidth">A: query heads × head size.</param>
public sealed record FlopCount(long MatmulParameters, int Layers, int AttentionWidth)
{
    /// <summary>nanoGPT's block: c_attn (C×3C), c_proj (C×C), MLP C×4C and 4C×C, i.e. 12·C² per layer, plus the head C×V.</summary>
    public static FlopCount Of(GptConfig config)
    {
        long C = config.Width, V = config.VocabSize;
        return new(config.Layers * 12 * C * C + C * V, config.Layers, config.Width);
    }

    /// <summary>Llama's layer: q, k, v, o projections (grouped-query k and v) and the three SwiGLU matrices, plus the head C×V.</summary>
    public static FlopCount Of(LlamaConfig config)
    {
        long C = config.HiddenSize, V = config.VocabSize, I = config.IntermediateSize;
        long q = (long)config.NumAttentionHeads * config.HeadSize, kv = (long)config.NumKeyValueHeads * config.HeadSize;
        var layer = C * q + 2 * C * kv + q * C + 3 * C * I;
        return new(config.NumHiddenLayers * layer + C * V, config.NumHiddenLayers, (int)q);
    }

    /// <summary>Forward pass: <c>2·N + 4·L·A·T</c> FLOPs per token.</summary>
    public double Forward(int T) => 2.0 * MatmulParameters + 4.0 * Layers * AttentionWidth * T;

    /// <summary>Forward, then backward to activations and weights (twice the forward): <c>6·N + 12·L·A·T</c>.</summary>
    public double TrainingStep(int T) => 3 * Forward(T);

    /// <summary>
    /// Forward, then backward to the input embeddings only (weights frozen, as <c>InputSaliency</c> runs): linear layers
    /// need only the activation gradient (2·N), attention still needs both operands' gradients (8·L·A·T):
    /// <c>4·N + 12·L·A·T</c>.
    /// </summary>
    public double InputGradient(int T) => 4.0 * MatmulParameters + 12.0 * Layers * AttentionWidth * T;

    /// <summary>One distillation step: the student's training step plus the teacher's forward (none for cross-entropy only).</summary>
    public static double DistillationStep(FlopCount student, FlopCount? teacher, int T) =>
        student.TrainingStep(T) + (teacher?.Forward(T) ?? 0);
}
