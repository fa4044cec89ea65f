namespace Workbench.Training.Models.Llama;

/// <summary>Sequence packing (<see cref="PackedLayout"/>): the decoder stack runs the packed rows; the head is per token.</summary>
public sealed partial class LlamaForCausalLM : IPackedDecoder
{
    /// <inheritdoc />
    public PackedLayout? Packing => model.Packing;

    /// <inheritdoc />
    public void AttachPacking(PackedLayout? layout) => model.AttachPacking(layout);
}
