using System.Buffers.Binary;
using System.Text.Json;
using static TorchSharp.torch;

namespace Workbench.Training.Checkpoints;

/// <summary>
/// Writes the safetensors format (huggingface/safetensors): an 8-byte little-endian header length N, N bytes
/// of JSON header (name → {dtype, shape, data_offsets}, plus a <c>__metadata__</c> string map), padded with
/// spaces to a multiple of 8, then the raw little-endian tensor bytes. Tensors are written as F32.
/// </summary>
public static class SafeTensorsWriter
{
    public const string MetadataKey = "__metadata__";

    /// <summary>
    /// Writes <paramref name="tensors"/> (any float dtype, any device; stored as F32, in name order) to
    /// <paramref name="path"/> atomically: a reader never sees a half-written file.
    /// </summary>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var names = tensors.Keys.Order(StringComparer.Ordinal).ToArray();
        if (names.Contains(MetadataKey)) throw new ArgumentException($"'{MetadataKey}' is reserved.", nameof(tensors));

        var hostTensors = new List<Tensor>(names.Length);
        try
        {
            foreach (var name in names)
            {
                using var detached = tensors[name].detach();
                using var host = detached.to(ScalarType.Float32, CPU);
                hostTensors.Add(host.contiguous());
            }

            var header = BuildHeader(names, hostTensors, metadata);
            var temp = path + ".tmp";
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
                stream.Write(length);
                stream.Write(header);
                foreach (var t in hostTensors) WriteLittleEndian(stream, t);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            foreach (var t in hostTensors) t.Dispose();
        }
    }

    private static byte[] BuildHeader(string[] names, List<Tensor> tensors, IReadOnlyDictionary<string, string>? metadata)
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
                var bytes = tensors[i].numel() * sizeof(float);
                json.WriteStartObject(names[i]);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (var d in tensors[i].shape) json.WriteNumberValue(d);
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

    private static void WriteLittleEndian(Stream stream, Tensor t)
    {
        if (t.numel() == 0) return;
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(t.bytes);
            return;
        }
        var values = t.data<float>().ToArray();
        var bytes = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        stream.Write(bytes);
    }
}
