namespace Workbench.ModelFolders.SafeTensors;

/// <summary>The safetensors dtypes this project reads and writes (the names are the format's own: "F32", "F16", "BF16").</summary>
public enum SafeTensorsDataType
{
    F32,
    F16,
    BF16,
}

/// <summary>Names and sizes of <see cref="SafeTensorsDataType"/>.</summary>
public static class SafeTensorsDataTypes
{
    /// <summary>The dtype a header names, or null for one this project does not read (F64, I8, ...).</summary>
    public static SafeTensorsDataType? Parse(string? name) => name switch
    {
        "F32" => SafeTensorsDataType.F32,
        "F16" => SafeTensorsDataType.F16,
        "BF16" => SafeTensorsDataType.BF16,
        _ => null,
    };

    /// <summary>Bytes per element.</summary>
    public static int ElementSize(this SafeTensorsDataType dtype) => dtype == SafeTensorsDataType.F32 ? 4 : 2;

    /// <summary>The transformers name: "float32", "float16", "bfloat16" (config.json's torch_dtype).</summary>
    public static string TorchDTypeName(this SafeTensorsDataType dtype) => dtype switch
    {
        SafeTensorsDataType.F32 => "float32",
        SafeTensorsDataType.F16 => "float16",
        _ => "bfloat16",
    };
}
