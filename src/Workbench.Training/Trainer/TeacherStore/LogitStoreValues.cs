using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Workbench.Training.Trainer.TeacherCache;

namespace Workbench.Training.Trainer.TeacherStore;

/// <summary>Log-probabilities as fp16 or fp32 bytes, little-endian.</summary>
internal static class LogitStoreValues
{
    public static Span<byte> Write(Span<byte> destination, ReadOnlySpan<float> values, TopKValueType type)
    {
        if (type == TopKValueType.Float32)
        {
            MemoryMarshal.AsBytes(values).CopyTo(destination);
            return destination[(4 * values.Length)..];
        }
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteHalfLittleEndian(destination[(2 * i)..], (Half)values[i]);
        return destination[(2 * values.Length)..];
    }

    public static void Read(ReadOnlySpan<byte> source, Span<float> destination, TopKValueType type)
    {
        if (type == TopKValueType.Float32)
        {
            MemoryMarshal.Cast<byte, float>(source[..(4 * destination.Length)]).CopyTo(destination);
            return;
        }
        for (var i = 0; i < destination.Length; i++) destination[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(source[(2 * i)..]);
    }
}
