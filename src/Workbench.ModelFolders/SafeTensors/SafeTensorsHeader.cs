using System.Buffers.Binary;
using System.Text.Json;

namespace Workbench.ModelFolders.SafeTensors;

/// <summary>
/// The header of a safetensors file (an 8-byte little-endian length, then JSON naming each tensor's dtype, shape and byte
/// range, plus an optional <c>__metadata__</c> string map), read and checked without touching tensor data.
/// </summary>
/// <param name="Metadata">The <c>__metadata__</c> map (empty when absent).</param>
/// <param name="Entries">Every tensor, in header order, with offsets checked against its shape and the file's length.</param>
/// <param name="DataStart">Where the tensor data starts in the file (offsets in <paramref name="Entries"/> count from here).</param>
public sealed record SafeTensorsHeader(IReadOnlyDictionary<string, string> Metadata, IReadOnlyList<SafeTensorsEntry> Entries, long DataStart)
{
    /// <summary>The reserved header key of the metadata map.</summary>
    public const string MetadataKey = "__metadata__";

    // The reference implementation caps the header at 100 MB; anything larger is not a safetensors file.
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>The header of the file at <paramref name="path"/> (opened through <see cref="SafeFolderFile"/>).</summary>
    public static SafeTensorsHeader ReadFile(string path)
    {
        using var stream = SafeFolderFile.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Only the <c>__metadata__</c> map of the file at <paramref name="path"/>.</summary>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path) => ReadFile(path).Metadata;

    /// <summary>The name, dtype, shape and offsets of every tensor of the file at <paramref name="path"/>, in header order.</summary>
    public static IReadOnlyList<SafeTensorsEntry> ReadEntries(string path) => ReadFile(path).Entries;

    /// <summary>Reads the header from the start of <paramref name="stream"/>, leaving it positioned at the tensor data.</summary>
    /// <param name="path">The file's path, for messages.</param>
    public static SafeTensorsHeader Read(Stream stream, string path)
    {
        Span<byte> lengthBytes = stackalloc byte[8];
        if (stream.Read(lengthBytes) != 8) throw new InvalidDataException($"'{path}' is too short to be a safetensors file.");
        var length = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (length == 0 || length > MaxHeaderBytes || (long)length > stream.Length - 8)
            throw new InvalidDataException($"'{path}' is not a safetensors file (its header length does not fit the file).");
        var header = new byte[length];
        stream.ReadExactly(header);
        var dataStart = 8 + (long)length;
        using var json = Parse(header, path);
        if (json.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"The header of '{path}' is not a JSON object.");
        return new SafeTensorsHeader(ParseMetadata(json.RootElement), ParseEntries(json.RootElement, path, stream.Length - dataStart), dataStart);
    }

    // A syntax error's message quotes the offending byte; the file may be anything a link pointed at.
    private static JsonDocument Parse(byte[] header, string path)
    {
        try { return JsonDocument.Parse(header); }
        catch (JsonException) { throw new InvalidDataException($"The header of '{path}' is not valid JSON."); }
    }

    private static Dictionary<string, string> ParseMetadata(JsonElement root)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty(MetadataKey, out var map))
            foreach (var kv in map.EnumerateObject())
                metadata[kv.Name] = kv.Value.GetString() ?? "";
        return metadata;
    }

    private static List<SafeTensorsEntry> ParseEntries(JsonElement root, string path, long dataLength)
    {
        var entries = new List<SafeTensorsEntry>();
        foreach (var entry in root.EnumerateObject())
        {
            if (entry.Name == MetadataKey) continue;
            if (entry.Value.ValueKind != JsonValueKind.Object
                || !entry.Value.TryGetProperty("dtype", out var dtypeNode) || dtypeNode.ValueKind != JsonValueKind.String
                || !entry.Value.TryGetProperty("shape", out var shapeNode) || shapeNode.ValueKind != JsonValueKind.Array
                || !entry.Value.TryGetProperty("data_offsets", out var offsetsNode) || offsetsNode.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException($"Tensor '{entry.Name}' in '{path}' needs a dtype, a shape and data_offsets.");
            var dtypeName = dtypeNode.GetString();
            var dtype = SafeTensorsDataTypes.Parse(dtypeName)
                ?? throw new NotSupportedException($"Tensor '{entry.Name}' in '{path}' has dtype {dtypeName}; only F32, F16 and BF16 are supported.");
            long[] shape = [.. shapeNode.EnumerateArray().Select(d => Integer(d, entry.Name, path))];
            var offsets = offsetsNode.EnumerateArray().Select(o => Integer(o, entry.Name, path)).ToArray();
            if (shape.Any(d => d < 0) || shape.Aggregate(1.0, (a, d) => a * d) > long.MaxValue / 8)
                throw new InvalidDataException($"Tensor '{entry.Name}' in '{path}' has an impossible shape.");
            var e = new SafeTensorsEntry(entry.Name, dtype, shape, offsets.ElementAtOrDefault(0), offsets.ElementAtOrDefault(1));
            if (offsets.Length != 2 || e.Begin < 0 || e.End > dataLength || e.End - e.Begin != e.ElementCount * dtype.ElementSize())
                throw new InvalidDataException($"Tensor '{entry.Name}' in '{path}' has data offsets that do not match its shape or the file.");
            entries.Add(e);
        }
        return entries;
    }

    private static long Integer(JsonElement node, string tensor, string path) =>
        node.ValueKind == JsonValueKind.Number && node.TryGetInt64(out var value) ? value
            : throw new InvalidDataException($"Tensor '{tensor}' in '{path}' has a shape or offset that is not an integer.");
}
