using System.Buffers.Binary;
using System.Text;

namespace Workbench.Training.Trainer.TeacherCache;

/// <summary>
/// The fixed 80-byte header of a top-k cache file, little-endian:
/// <code>
///  0  8  magic "WBTOPKC\n"         32  8  position count P (int64)
///  8  4  version (1)               40  8  temperature T (float64)
/// 12  4  k                         48 32  key (SHA-256 of teacher, data, k, T, value type)
/// 16  4  bytes per value (2 or 4)
/// 20  4  vocabulary size V
/// 24  4  sequence count n
/// 28  4  reserved (0)
/// </code>
/// Then the sequence table, n × 16 bytes (int64 first record, int32 position of the first record, int32 record count), and
/// P records of k int32 ids, k values (log-probabilities) and one value (log leftover mass). So the whole length follows
/// from the header, and a truncated file is caught by its length alone.
/// </summary>
internal sealed record TopKCacheHeader(int K, TopKValueType Values, int VocabSize, int SequenceCount, long PositionCount,
                                       double Temperature, byte[] Key)
{
    public const int Size = 80;
    public const int Version = 1;
    public const int SequenceEntrySize = 16;
    private static readonly byte[] s_magic = Encoding.ASCII.GetBytes("WBTOPKC\n");

    /// <summary>Bytes of one position: ids, values, leftover.</summary>
    public int RecordSize => 4 * K + (int)Values * (K + 1);

    public long RecordsStart => Size + (long)SequenceEntrySize * SequenceCount;

    public long FileLength => RecordsStart + PositionCount * RecordSize;

    public byte[] ToBytes()
    {
        var bytes = new byte[Size];
        var span = bytes.AsSpan();
        s_magic.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], Version);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], K);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], (int)Values);
        BinaryPrimitives.WriteInt32LittleEndian(span[20..], VocabSize);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], SequenceCount);
        BinaryPrimitives.WriteInt64LittleEndian(span[32..], PositionCount);
        BinaryPrimitives.WriteDoubleLittleEndian(span[40..], Temperature);
        Key.CopyTo(span[48..]);
        return bytes;
    }

    /// <summary>True when <paramref name="bytes"/> is this very header (same magic, version, shape, temperature and key).</summary>
    public bool Matches(ReadOnlySpan<byte> bytes) => bytes.Length == Size && bytes.SequenceEqual(ToBytes());
}
