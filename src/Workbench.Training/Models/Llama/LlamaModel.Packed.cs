using static TorchSharp.torch;

namespace Workbench.Training.Models.Llama;

/// <summary>Sequence packing: each sample is rotated by its own positions (restarting at 0) and attends within itself only.</summary>
public sealed partial class LlamaModel
{
    /// <summary>The packed rows' layout while attached; null for plain sequences.</summary>
    internal PackedLayout? Packing { get; private set; }

    internal void AttachPacking(PackedLayout? layout)
    {
        Packing = layout;
        foreach (var layer in layers) layer.Attention.Packing = layout;
    }

    // packed positions (B, T) -> cos, sin (B, 1, T, hs) of rotary, which broadcast over the heads
    private static (Tensor Cos, Tensor Sin) PackedRotation(RotaryEmbedding rotary, PackedLayout packed)
    {
        var (B, T) = (packed.RowCount, packed.Length);
        using var flat = packed.Positions.flatten();                                                // (B·T)
        return PerRow(rotary, flat, B, T);
    }
}
