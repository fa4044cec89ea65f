using Workbench.Experiments;

namespace Workbench.Training.Models;

/// <summary>
/// Every hyperparameter of a <see cref="Gpt"/> (nanoGPT's <c>GPTConfig</c>). Stored in each checkpoint's
/// metadata, so a checkpoint alone is enough to rebuild its model.
/// </summary>
/// <param name="Layers">Transformer blocks (n_layer).</param>
/// <param name="Heads">Attention heads per block (n_head); must divide <paramref name="Width"/>.</param>
/// <param name="Width">Embedding size C (n_embd).</param>
/// <param name="Context">Longest sequence the position embedding covers (block_size).</param>
/// <param name="VocabSize">Rows of the token embedding and columns of the logits (V).</param>
/// <param name="Dropout">Dropout after embeddings, attention and MLP; 0 for these small models.</param>
public sealed record GptConfig(int Layers, int Heads, int Width, int Context, int VocabSize, double Dropout = 0)
{
    /// <summary>The architecture of a fresh model described by a run's <see cref="ModelRef"/>.</summary>
    public static GptConfig FromModelRef(ModelRef model, int vocabSize) =>
        new(model.Layers, model.Heads, model.Width, model.Context, vocabSize);

    /// <summary>The sizes feature objectives and the compatibility check read, without building the model.</summary>
    public ModelShape Shape => new(VocabSize, Layers, Heads, Width, Heads > 0 ? Width / Heads : 0);

    /// <summary>Throws <see cref="ArgumentException"/> when the shape cannot be built.</summary>
    public void Validate()
    {
        if (Layers < 1) throw new ArgumentException($"Layers must be at least 1 (got {Layers}).");
        if (Heads < 1) throw new ArgumentException($"Heads must be at least 1 (got {Heads}).");
        if (Width < 1 || Width % Heads != 0)
            throw new ArgumentException($"Width ({Width}) must be a positive multiple of heads ({Heads}).");
        if (Context < 1) throw new ArgumentException($"Context must be at least 1 (got {Context}).");
        if (VocabSize < 1) throw new ArgumentException($"Vocabulary size must be at least 1 (got {VocabSize}).");
        if (Dropout is < 0 or >= 1) throw new ArgumentException($"Dropout must be in [0, 1) (got {Dropout}).");
    }
}
