namespace Workbench.Training.Models;

/// <summary>Sequence packing: positions restart at each sample (learned position embeddings), attention stays within it.</summary>
public sealed partial class Gpt : IPackedDecoder
{
    /// <inheritdoc />
    public PackedLayout? Packing { get; private set; }

    /// <inheritdoc />
    public void AttachPacking(PackedLayout? layout)
    {
        Packing = layout;
        foreach (var block in h) block.Attention.Packing = layout;
    }
}
