using static TorchSharp.torch;

namespace Workbench.Training.Checkpoints;

/// <summary>
/// Reads safetensors files (format: see <see cref="SafeTensorsWriter"/>) with F32, F16 or BF16 tensors into TorchSharp
/// tensors; the header itself (entries, metadata) is read by <see cref="SafeTensorsHeader"/> (torch-free, shared with the web host).
/// </summary>
public static class SafeTensorsReader
{
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
        return new SafeTensorsFile(tensors, SafeTensorsHeader.ReadMetadata(path));
    }

    /// <summary>
    /// Reads the tensors one at a time (on the CPU, in their stored dtype) and hands each to <paramref name="use"/>,
    /// disposing it afterwards, so a large checkpoint never needs a second full copy in memory.
    /// </summary>
    public static void ReadEach(string path, Action<string, Tensor> use)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("Reading safetensors needs a little-endian machine.");
        using var stream = SafeFolderFile.OpenRead(path);
        var header = SafeTensorsHeader.Read(stream, path);
        foreach (var entry in header.Entries)
        {
            var buffer = new byte[entry.End - entry.Begin];
            stream.Position = header.DataStart + entry.Begin;
            stream.ReadExactly(buffer);
            using var t = empty([.. entry.Shape], entry.DType.ToScalarType());
            if (buffer.Length > 0) t.bytes = buffer;
            use(entry.Name, t);
        }
    }
}
