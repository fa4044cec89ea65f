using static TorchSharp.torch;

namespace Workbench.Training.Checkpoints;

/// <summary>The safetensors dtype names of TorchSharp dtypes this project writes, their element sizes, and the way back from a header entry.</summary>
internal static class SafeTensorsDType
{
    public static string Name(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => "F32",
        ScalarType.Float16 => "F16",
        ScalarType.BFloat16 => "BF16",
        _ => throw new NotSupportedException($"Cannot store tensors as {dtype}; only Float32, Float16 and BFloat16 are supported."),
    };

    public static int ElementSize(ScalarType dtype) => dtype == ScalarType.Float32 ? 4 : dtype is ScalarType.Float16 or ScalarType.BFloat16 ? 2
        : throw new NotSupportedException($"Cannot store tensors as {dtype}; only Float32, Float16 and BFloat16 are supported.");

    /// <summary>The TorchSharp dtype of a stored dtype.</summary>
    public static ScalarType ToScalarType(this SafeTensorsDataType dtype) => dtype switch
    {
        SafeTensorsDataType.F32 => ScalarType.Float32,
        SafeTensorsDataType.F16 => ScalarType.Float16,
        _ => ScalarType.BFloat16,
    };
}
