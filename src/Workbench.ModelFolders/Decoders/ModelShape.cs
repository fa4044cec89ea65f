namespace Workbench.ModelFolders.Decoders;

/// <summary>
/// The sizes of a model that distillation objectives and the teacher/student compatibility check depend on.
/// </summary>
/// <param name="VocabSize">Columns of the logits (V).</param>
/// <param name="Layers">Transformer blocks (M for the student, N for the teacher).</param>
/// <param name="Heads">Query heads per layer (h); captured values are expanded to this many heads.</param>
/// <param name="Width">Width of the residual stream (d), the size of every hidden state.</param>
/// <param name="HeadSize">Width of one head (d_k), so values concatenate to Heads · HeadSize.</param>
public sealed record ModelShape(int VocabSize, int Layers, int Heads, int Width, int HeadSize)
{
    /// <summary>Width of the values of one layer with its heads side by side.</summary>
    public int ValueWidth => Heads * HeadSize;
}
