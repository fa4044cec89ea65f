using System.Buffers.Binary;

namespace Workbench.Experiments.TeacherStores;

/// <summary>
/// What the host needs to know of a teacher-logit store file without reading its records (the trainer writes and reads the rest,
/// <c>Workbench.Training.Trainer.TeacherStore.LogitStoreHeader</c>): its name pattern and where the header keeps the description.
/// </summary>
public static class LogitStoreFileName
{
    public const string Prefix = "logits-";
    public const string Extension = ".bin";

    /// <summary>Bytes of the fixed header; the description follows it.</summary>
    public const int HeaderSize = 96;
    public const int MaxDescription = 4096;
    public static ReadOnlySpan<byte> Magic => "WBLOGIT\n"u8;

    /// <summary>Whether <paramref name="name"/> is a store file name (nothing else in the folder is ever listed or deleted).</summary>
    public static bool IsFileName(string? name) =>
        name is { Length: 7 + 32 + 4 } && name.StartsWith(Prefix, StringComparison.Ordinal) && name.EndsWith(Extension, StringComparison.Ordinal)
        && name.AsSpan(7, 32).ContainsAnyExcept("0123456789abcdef") is false;

    /// <summary>The description length of a header read from disk, or −1 when it is not a store header.</summary>
    public static int DescriptionLength(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderSize || !bytes[..8].SequenceEqual(Magic)) return -1;
        var length = BinaryPrimitives.ReadInt32LittleEndian(bytes[80..]);
        return length is >= 0 and <= MaxDescription ? length : -1;
    }
}
