namespace Workbench.ModelFolders.SafeTensors;

/// <summary>One tensor's header entry in a safetensors file: what it is and where its bytes are, without the bytes.</summary>
/// <param name="Name">The tensor's key (a state-dict key for checkpoints).</param>
/// <param name="DType">Its stored dtype (F32, F16 or BF16).</param>
/// <param name="Shape">Its dimensions.</param>
/// <param name="Begin">Offset of its first byte, counted from the end of the header.</param>
/// <param name="End">Offset one past its last byte.</param>
public sealed record SafeTensorsEntry(string Name, SafeTensorsDataType DType, IReadOnlyList<long> Shape, long Begin, long End)
{
    /// <summary>Number of elements (the product of <see cref="Shape"/>; 1 for a scalar).</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, d) => a * d);
}
