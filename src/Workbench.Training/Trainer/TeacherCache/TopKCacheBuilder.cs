using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using static TorchSharp.torch;

namespace Workbench.Training.Trainer.TeacherCache;

/// <summary>
/// Runs a frozen teacher once over every sequence and writes its top-k at every supervised position to a cache file
/// (<see cref="TopKCacheHeader"/>). It writes a temporary file next to the target and renames it when complete, so a
/// crash leaves no file under the cache's name.
/// </summary>
internal static class TopKCacheBuilder
{
    /// <summary>Writes the cache to <paramref name="path"/> and returns the number of teacher forwards it ran.</summary>
    public static int Build(string path, TopKCacheHeader header, ICausalLanguageModel teacher, IReadOnlyList<ArithmeticProblem> sequences,
                            int padId, Device device, Action<int, int>? progress)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            int forwards;
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                file.Write(header.ToBytes());
                WriteSequenceTable(file, sequences);
                forwards = WriteRecords(file, header, teacher, sequences, padId, device, progress);
                if (file.Length != header.FileLength)
                    throw new InvalidOperationException($"The top-k cache came out {file.Length} bytes long, expected {header.FileLength}.");
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
            return forwards;
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    private static void WriteSequenceTable(Stream file, IReadOnlyList<ArithmeticProblem> sequences)
    {
        var entry = new byte[TopKCacheHeader.SequenceEntrySize];
        long first = 0;
        foreach (var sequence in sequences)
        {
            BinaryPrimitives.WriteInt64LittleEndian(entry, first);
            BinaryPrimitives.WriteInt32LittleEndian(entry.AsSpan(8), sequence.AnswerStart - 1);   // logits at AnswerStart − 1 predict the first answer token
            BinaryPrimitives.WriteInt32LittleEndian(entry.AsSpan(12), sequence.TargetCount);
            file.Write(entry);
            first += sequence.TargetCount;
        }
    }

    private static int WriteRecords(Stream file, TopKCacheHeader header, ICausalLanguageModel teacher, IReadOnlyList<ArithmeticProblem> sequences,
                                    int padId, Device device, Action<int, int>? progress)
    {
        var longest = sequences.Max(s => s.TokenIds.Length);
        var perForward = TeacherForwardBatch.Sequences(header.VocabSize, longest);
        var k = header.K;
        var record = new byte[header.RecordSize];
        var forwards = 0;
        for (var start = 0; start < sequences.Count; start += perForward, forwards++)
        {
            var chunk = sequences.Skip(start).Take(perForward).ToArray();
            var (ids, logProbs, leftover) = TeacherSide(teacher, chunk, header, padId, device);   // (N·k), (N·k), (N)
            for (var n = 0; n < leftover.Length; n++)
            {
                var span = record.AsSpan();
                MemoryMarshal.AsBytes(ids.AsSpan(n * k, k)).CopyTo(span);
                span = span[(4 * k)..];
                span = WriteValues(span, logProbs.AsSpan(n * k, k), header.Values);
                WriteValues(span, leftover.AsSpan(n, 1), header.Values);
                file.Write(record);
            }
            progress?.Invoke(Math.Min(sequences.Count, start + perForward), sequences.Count);
        }
        return forwards;
    }

    // One teacher forward under no_grad in its own scope; only plain arrays leave it. Rows come in batch-major,
    // position-ascending order: the order of the sequence table.
    private static (int[] Ids, float[] LogProbs, float[] Leftover) TeacherSide(ICausalLanguageModel teacher, ArithmeticProblem[] chunk,
                                                                              TopKCacheHeader header, int padId, Device device)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        using var batch = Batch.Collate(chunk, padId, device);
        var logits = teacher.call(batch.InputIds);                               // (B, T, V)
        if (logits.shape[2] != header.VocabSize)
            throw new InvalidOperationException($"The teacher has {logits.shape[2]} logits per position; the cache expects V = {header.VocabSize}.");
        var mask = TargetRows.Mask(batch.Labels);                                // (B, T)
        var rows = TargetRows.Select(logits, mask);                              // (N, V) fp32
        var (ids, logProbs, leftover) = TopKKlObjective.TeacherSide(rows / header.Temperature, header.K, withLeftover: true);
        return (ids.to(ScalarType.Int32, CPU).data<int>().ToArray(),
                logProbs.to(ScalarType.Float32, CPU).data<float>().ToArray(),
                leftover!.to(ScalarType.Float32, CPU).data<float>().ToArray());
    }

    private static Span<byte> WriteValues(Span<byte> destination, ReadOnlySpan<float> values, TopKValueType type)
    {
        if (type == TopKValueType.Float32)
        {
            MemoryMarshal.AsBytes(values).CopyTo(destination);
            return destination[(4 * values.Length)..];
        }
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteHalfLittleEndian(destination[(2 * i)..], (Half)values[i]);
        return destination[(2 * values.Length)..];
    }
}
