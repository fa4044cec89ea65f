namespace Workbench.Experiments.Resources;

/// <summary>The sizes of one model that its memory depends on.</summary>
/// <param name="Parameters">Weights (elements).</param>
/// <param name="Layers">Decoder blocks L.</param>
/// <param name="Width">Residual width C.</param>
/// <param name="Heads">Attention heads H.</param>
/// <param name="VocabSize">Vocabulary V (columns of the logits).</param>
public sealed record ModelMemoryShape(long Parameters, int Layers, int Width, int Heads, int VocabSize)
{
    /// <summary>
    /// The workbench GPT a <see cref="ModelRef"/> describes (Gpt.cs: token and position embeddings, L blocks of attention
    /// 4C² + 4C and MLP 8C² + 5C with two LayerNorms 4C, a final LayerNorm, an untied head).
    /// </summary>
    public static ModelMemoryShape Gpt(ModelRef model, int vocabSize)
    {
        long C = model.Width, V = vocabSize, T = model.Context;
        var block = 12 * C * C + 13 * C;
        return new(V * C + T * C + model.Layers * block + 2 * C + C * V, model.Layers, model.Width, model.Heads, vocabSize);
    }
}
