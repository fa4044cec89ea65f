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
        using var stream = SafeFolderFile.OpenRead(path);
        var (header, _) = ReadHeader(stream, path);
        using var json = ParseHeader(header, path);
        return ParseMetadata(json.RootElement, path);
    }

    /// <summary>The name, dtype, shape and offsets of every tensor, in header order, without reading tensor data.</summary>
    public static IReadOnlyList<SafeTensorsEntry> ReadEntries(string path)
    {
        using var stream = SafeFolderFile.OpenRead(path);
        var (header, dataStart) = ReadHeader(stream, path);
        using var json = ParseHeader(header, path);
        return ParseEntries(json.RootElement, path, stream.Length - dataStart);
    }

    /// <summary>Every tensor (on the CPU, in its stored dtype) and the metadata.</summary>
    public static SafeTensorsFile Read(string path)
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            ReadEach(path, (name, t) => tensors.Add(name, t.alias()));
        }
        catch
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw;
        }
        return new SafeTensorsFile(tensors, ReadMetadata(path));
    }

    /// <summary>
    /// Reads the tensors one at a time (on the CPU, in their stored dtype) and hands each to <paramref name="use"/>,
    /// disposing it afterwards, so a large checkpoint never needs a second full copy in memory.
    /// </summary>
    public static void ReadEach(string path, Action<string, Tensor> use)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Reading safetensors needs a little-endian machine.");
        using var stream = SafeFolderFile.OpenRead(path);
        var (header, dataStart) = ReadHeader(stream, path);
        using var json = ParseHeader(header, path);
        foreach (var entry in ParseEntries(json.RootElement, path, stream.Length - dataStart))
        {
            var buffer = new byte[entry.End - entry.Begin];
            stream.Position = dataStart + entry.Begin;
            stream.ReadExactly(buffer);
            using var t = empty([.. entry.Shape], entry.DType);
            if (buffer.Length > 0) t.bytes = buffer;
            use(entry.Name, t);
        }
    }

    private static (byte[] Header, long DataStart) ReadHeader(Stream stream, string path)
    {
        Span<byte> lengthBytes = stackalloc byte[8];
        if (stream.Read(lengthBytes) != 8) throw new InvalidDataException($"'{path}' is too short to be a safetensors file.");
        var length = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (length == 0 || length > MaxHeaderBytes || (long)length > stream.Length - 8)
            throw new InvalidDataException($"'{path}' is not a safetensors file (its header length does not fit the file).");
        var header = new byte[length];
        stream.ReadExactly(header);
        return (header, 8 + (long)length);
    }

    // A syntax error's message quotes the offending byte; the file may be anything a link pointed at.
    private static JsonDocument ParseHeader(byte[] header, string path)
    {
        try { return JsonDocument.Parse(header); }
        catch (JsonException) { throw new InvalidDataException($"The header of '{path}' is not valid JSON."); }
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

    private static List<SafeTensorsEntry> ParseEntries(JsonElement root, string path, long dataLength)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"The header of '{path}' is not a JSON object.");
        var entries = new List<SafeTensorsEntry>();
        foreach (var entry in root.EnumerateObject())
        {
            if (entry.Name == SafeTensorsWriter.MetadataKey) continue;
            if (entry.Value.ValueKind != JsonValueKind.Object
                || !entry.Value.TryGetProperty("dtype", out var dtypeNode) || dtypeNode.ValueKind != JsonValueKind.String
                || !entry.Value.TryGetProperty("shape", out var shapeNode) || shapeNode.ValueKind != JsonValueKind.Array
                || !entry.Value.TryGetProperty("data_offsets", out var offsetsNode) || offsetsNode.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException($"Tensor '{entry.Name}' in '{path}' needs a dtype, a shape and data_offsets.");
            var dtypeName = dtypeNode.GetString();
            var dtype = SafeTensorsDType.Parse(dtypeName)
                ?? throw new NotSupportedException($"Tensor '{entry.Name}' in '{path}' has dtype {dtypeName}; only F32, F16 and BF16 are supported.");
            long[] shape = [.. shapeNode.EnumerateArray().Select(d => Integer(d, entry.Name, path))];
            var offsets = offsetsNode.EnumerateArray().Select(o => Integer(o, entry.Name, path)).ToArray();
            if (shape.Any(d => d < 0) || shape.Aggregate(1.0, (a, d) => a * d) > long.MaxValue / 8)
                throw new InvalidDataException($"Tensor '{entry.Name}' in '{path}' has an impossible shape.");
            var e = new SafeTensorsEntry(entry.Name, dtype, shape, offsets.ElementAtOrDefault(0), offsets.ElementAtOrDefault(1));
            if (offsets.Length != 2 || e.Begin < 0 || e.End > dataLength || e.End - e.Begin != e.ElementCount * SafeTensorsDType.ElementSize(dtype))
                throw new InvalidDataException($"Tensor '{entry.Name}' in '{path}' has data offsets that do not match its shape or the file.");
            entries.Add(e);
        }
        return entries;
    }

    private static long Integer(JsonElement node, string tensor, string path) =>
        node.ValueKind == JsonValueKind.Number && node.TryGetInt64(out var value) ? value
            : throw new InvalidDataException($"Tensor '{tensor}' in '{path}' has a shape or offset that is not an integer.");
}
