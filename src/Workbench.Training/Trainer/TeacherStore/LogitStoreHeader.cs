using System.Buffers.Binary;
using System.Text;
using Workbench.Experiments.TeacherStores;
using Workbench.Training.Trainer.TeacherCache;

namespace Workbench.Training.Trainer.TeacherStore;

/// <summary>
/// The fixed 96-byte header of a teacher-logit store file, little-endian:
/// <code>
///  0  8  magic "WBLOGIT\n"          32  8  position count P (int64)
///  8  4  version (1)                40  8  temperature T (float64)
/// 12  4  k                          48 32  key (SHA-256 of teacher, data, k, T, value type)
/// 16  4  bytes per id (2 or 4)      80  4  description length D (UTF-8 JSON, at most 4096)
/// 20  4  bytes per value (2 or 4)   84 12  reserved (0)
/// 24  4  vocabulary size V
/// 28  4  sequence count n
/// </code>
/// Then the description (<see cref="LogitStoreDescription"/>, D bytes), the sequence table (n × 16 bytes: int64 first record,
/// int32 position of the first record, int32 record count), P records of k ids (uint16 when V ≤ 65,536, else int32), k values
/// (log-probabilities, fp16 or fp32) and one value (log of the mass outside the k ids), and last the SHA-256 of every byte before
/// it. The length follows from the header; the checksum catches any damaged byte.
/// </summary>
internal sealed record LogitStoreHeader(int K, TopKValueType Values, int VocabSize, int SequenceCount, long PositionCount,
                                        double Temperature, byte[] Key, byte[] Description)
{
    public const int Size = LogitStoreFileName.HeaderSize;
    public const int Version = 1;
    public const int SequenceEntrySize = 16;
    public const int ChecksumSize = 32;
    public const int MaxDescription = LogitStoreFileName.MaxDescription;
    public static ReadOnlySpan<byte> Magic => LogitStoreFileName.Magic;

    /// <summary>2 (uint16) when every id fits, else 4.</summary>
    public int IdBytes => VocabSize <= 65536 ? 2 : 4;

    /// <summary>Bytes of one position: ids, values, the rest mass.</summary>
    public int RecordSize => IdBytes * K + (int)Values * (K + 1);

    public long TableStart => Size + Description.Length;
    public long RecordsStart => TableStart + (long)SequenceEntrySize * SequenceCount;
    public long ChecksumStart => RecordsStart + PositionCount * RecordSize;
    public long FileLength => ChecksumStart + ChecksumSize;

    public byte[] ToBytes()
    {
        var bytes = new byte[Size];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], Version);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], K);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], IdBytes);
        BinaryPrimitives.WriteInt32LittleEndian(span[20..], (int)Values);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], VocabSize);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], SequenceCount);
        BinaryPrimitives.WriteInt64LittleEndian(span[32..], PositionCount);
        BinaryPrimitives.WriteDoubleLittleEndian(span[40..], Temperature);
        Key.CopyTo(span[48..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[80..], Description.Length);
        return bytes;
    }

    /// <summary>True when <paramref name="bytes"/> carries this header's magic, version, shape, temperature and key (the description may differ).</summary>
    public bool Matches(ReadOnlySpan<byte> bytes) =>
        bytes.Length == Size && bytes[..80].SequenceEqual(ToBytes().AsSpan(0, 80));

    /// <summary>The description length of a header read from disk, or −1 when it is not a store header.</summary>
    public static int DescriptionLength(ReadOnlySpan<byte> bytes) => LogitStoreFileName.DescriptionLength(bytes);

    public static byte[] Describe(LogitStoreDescription description)
    {
        var bytes = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(description, LogitStoreDescription.Json));
        return bytes.Length <= MaxDescription ? bytes : Encoding.UTF8.GetBytes("{}");
    }
}
