using System.Buffers.Binary;
using System.Text.Json;
using static TorchSharp.torch;

namespace Workbench.Training.Checkpoints;

/// <summary>Reads safetensors files (format: see <see cref="SafeTensorsWriter"/>) with F32, F16 or BF16 tensors.</summary>
public static class SafeTensorsReader
{
    // The reference implementation caps the header at 100 MB; anything larger is not a safetensors file.
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>Only the <c>__metadata__</c> map, without reading any tensor data.</summary>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path)
    {
        using var stream = File.OpenRead(path);
        var (header, _) = ReadHeader(stream, path);
        using var json = JsonDocument.Parse(header);
        return ParseMetadata(json.RootElement, path);
    }

    /// <summary>Every tensor (on the CPU, in its stored dtype) and the metadata.</summary>
    public static SafeTensorsFile Read(string path)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Reading safetensors needs a little-endian machine.");
        using var stream = File.OpenRead(path);
        var (header, dataStart) = ReadHeader(stream, path);
        using var json = JsonDocument.Parse(header);
        var metadata = ParseMetadata(json.RootElement, path);
        var dataLength = stream.Length - dataStart;
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var entry in json.RootElement.EnumerateObject())
            {
                if (entry.Name == SafeTensorsWriter.MetadataKey) continue;
                var (dtype, elementSize) = ParseDType(entry.Value.GetProperty("dtype").GetString(), entry.Name, path);
                long[] shape = [.. entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64())];
                var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(o => o.GetInt64()).ToArray();
                var bytes = shape.Aggregate(1L, (a, d) => a * d) * elementSize;
                if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] > dataLength || offsets[1] - offsets[0] != bytes)
                    throw new InvalidDataException($"Tensor '{entry.Name}' in '{path}' has data offsets that do not match its shape or the file.");

                var buffer = new byte[bytes];
                stream.Position = dataStart + offsets[0];
                stream.ReadExactly(buffer);
                var t = empty(shape, dtype);
                tensors.Add(entry.Name, t);
                if (bytes > 0) t.bytes = buffer;
            }
        }
        catch
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw;
        }
        return new SafeTensorsFile(tensors, metadata);
    }

    private static (byte[] Header, long DataStart) ReadHeader(Stream stream, string path)
    {
        Span<byte> lengthBytes = stackalloc byte[8];
        if (stream.Read(lengthBytes) != 8) throw new InvalidDataException($"'{path}' is too short to be a safetensors file.");
        var length = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (length == 0 || length > MaxHeaderBytes || (long)length > stream.Length - 8)
            throw new InvalidDataException($"'{path}' is not a safetensors file (header length {length}).");
        var header = new byte[length];
        stream.ReadExactly(header);
        return (header, 8 + (long)length);
    }

    private static Dictionary<string, string> ParseMetadata(JsonElement root, string path)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"The header of '{path}' is not a JSON object.");
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty(SafeTensorsWriter.MetadataKey, out var map))
            foreach (var kv in map.EnumerateObject())
                metadata[kv.Name] = kv.Value.GetString() ?? "";
        return metadata;
    }

    private static (ScalarType DType, int ElementSize) ParseDType(string? dtype, string name, string path) => dtype switch
    {
        "F32" => (ScalarType.Float32, 4),
        "F16" => (ScalarType.Float16, 2),
        "BF16" => (ScalarType.BFloat16, 2),
        _ => throw new NotSupportedException($"Tensor '{name}' in '{path}' has dtype {dtype}; only F32, F16 and BF16 are supported."),
    };
}
