using System.Buffers.Binary;
using System.Text.Json;
using static TorchSharp.torch;

namespace Workbench.Training.Checkpoints;

/// <summary>
/// Writes the safetensors format (huggingface/safetensors): an 8-byte little-endian header length N, N bytes
/// of JSON header (name → {dtype, shape, data_offsets}, plus a <c>__metadata__</c> string map), padded with
/// spaces to a multiple of 8, then the raw little-endian tensor bytes. Tensors are stored as F32, F16 or BF16.
/// </summary>
public static class SafeTensorsWriter
{
    public const string MetadataKey = SafeTensorsHeader.MetadataKey;

    /// <summary>
    /// Writes <paramref name="tensors"/> (any float dtype, any device; in name order) to <paramref name="path"/>
    /// atomically: a reader never sees a half-written file. Each tensor is converted to <paramref name="dtype"/>
    /// (Float32, Float16 or BFloat16; the narrower two round to nearest) only while it is written, so at most one
    /// converted copy exists at a time.
    /// </summary>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null,
                             ScalarType dtype = ScalarType.Float32)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Writing safetensors needs a little-endian machine.");
        var dtypeName = SafeTensorsDType.Name(dtype);
        var names = tensors.Keys.Order(StringComparer.Ordinal).ToArray();
        if (names.Contains(MetadataKey)) throw new ArgumentException($"'{MetadataKey}' is reserved.", nameof(tensors));

        var header = BuildHeader(names, [.. names.Select(n => tensors[n].shape)], dtypeName, SafeTensorsDType.ElementSize(dtype), metadata);
        var temp = path + ".tmp";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
                stream.Write(length);
                stream.Write(header);
                foreach (var name in names)
                {
                    using var detached = tensors[name].detach();
                    using var converted = detached.to(dtype, CPU);
                    using var host = converted.contiguous();
                    if (host.numel() > 0) stream.Write(host.bytes);
                }
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>Bytes the tensor takes when stored as <paramref name="dtype"/>.</summary>
    internal static long StoredBytes(Tensor t, ScalarType dtype) => t.numel() * SafeTensorsDType.ElementSize(dtype);

    private static byte[] BuildHeader(string[] names, long[][] shapes, string dtypeName, int elementSize, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal)) json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            for (var i = 0; i < names.Length; i++)
            {
                var bytes = shapes[i].Aggregate(1L, (a, d) => a * d) * elementSize;
                json.WriteStartObject(names[i]);
                json.WriteString("dtype", dtypeName);
                json.WriteStartArray("shape");
                foreach (var d in shapes[i]) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes;
            }
            json.WriteEndObject();
        }
        // Pad with spaces so the data starts 8-byte aligned, as the reference implementation does.
        var header = buffer.ToArray();
        var padded = (header.Length + 7) / 8 * 8;
        if (padded == header.Length) return header;
        var result = new byte[padded];
        header.CopyTo(result, 0);
        Array.Fill(result, (byte)' ', header.Length, padded - header.Length);
        return result;
    }
}
