using System.Buffers.Binary;
using System.Security.Cryptography;
using Workbench.Training.Data;
using Workbench.Training.Devices;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using Workbench.Training.Trainer.TeacherCache;
using static TorchSharp.torch;

namespace Workbench.Training.Trainer.TeacherStore;

/// <summary>
/// Runs a frozen teacher once over every sequence and writes its top-k log-probabilities and rest mass at every supervised
/// position (<see cref="LogitStoreHeader"/>), then the SHA-256 of the whole. A temporary file is renamed when complete, so a
/// crash never leaves a file under the store's name.
/// </summary>
internal static class LogitStoreBuilder
{
    /// <summary>Writes the store to <paramref name="path"/>; returns the teacher forward passes run.</summary>
    public static int Build(string path, LogitStoreHeader header, ICausalLanguageModel teacher, IReadOnlyList<ArithmeticProblem> sequences,
                            int padId, Device device, Action<int, int>? progress, string? precision = null)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            int forwards;
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                void Write(ReadOnlySpan<byte> bytes)
                {
                    hash.AppendData(bytes);
                    file.Write(bytes);
                }
                Write(header.ToBytes());
                Write(header.Description);
                WriteSequenceTable(Write, sequences);
                forwards = WriteRecords(Write, header, teacher, sequences, padId, device, progress, precision);
                file.Write(hash.GetHashAndReset());
                if (file.Length != header.FileLength)
                    throw new InvalidOperationException($"The teacher-logit store came out {file.Length} bytes long, expected {header.FileLength}.");
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

    private delegate void Writer(ReadOnlySpan<byte> bytes);

    private static void WriteSequenceTable(Writer write, IReadOnlyList<ArithmeticProblem> sequences)
    {
        var entry = new byte[LogitStoreHeader.SequenceEntrySize];
        long first = 0;
        foreach (var sequence in sequences)
        {
            BinaryPrimitives.WriteInt64LittleEndian(entry, first);
            BinaryPrimitives.WriteInt32LittleEndian(entry.AsSpan(8), sequence.AnswerStart - 1);   // logits at AnswerStart − 1 predict the first answer token
            BinaryPrimitives.WriteInt32LittleEndian(entry.AsSpan(12), sequence.TargetCount);
            write(entry);
            first += sequence.TargetCount;
        }
    }

    private static int WriteRecords(Writer write, LogitStoreHeader header, ICausalLanguageModel teacher, IReadOnlyList<ArithmeticProblem> sequences,
                                    int padId, Device device, Action<int, int>? progress, string? precision)
    {
        var longest = sequences.Max(s => s.TokenIds.Length);
        var perForward = TeacherForwardBatch.Sequences(header.VocabSize, longest);
        var k = header.K;
        var record = new byte[header.RecordSize];
        var forwards = 0;
        for (var start = 0; start < sequences.Count; start += perForward, forwards++)
        {
            var chunk = sequences.Skip(start).Take(perForward).ToArray();
            var (ids, logProbs, rest) = TeacherSide(teacher, chunk, header, padId, device, precision);   // (N·k), (N·k), (N)
            for (var n = 0; n < rest.Length; n++)
            {
                var span = record.AsSpan();
                for (var i = 0; i < k; i++)
                {
                    if (header.IdBytes == 2) BinaryPrimitives.WriteUInt16LittleEndian(span[(2 * i)..], (ushort)ids[n * k + i]);
                    else BinaryPrimitives.WriteInt32LittleEndian(span[(4 * i)..], ids[n * k + i]);
                }
                span = span[(header.IdBytes * k)..];
                span = LogitStoreValues.Write(span, logProbs.AsSpan(n * k, k), header.Values);
                LogitStoreValues.Write(span, rest.AsSpan(n, 1), header.Values);
                write(record);
            }
            progress?.Invoke(Math.Min(sequences.Count, start + perForward), sequences.Count);
        }
        return forwards;
    }

    // One teacher forward under no_grad in its own scope; only plain arrays leave it, rows in the sequence table's order.
    private static (int[] Ids, float[] LogProbs, float[] RestLogMass) TeacherSide(ICausalLanguageModel teacher, ArithmeticProblem[] chunk,
                                                                         LogitStoreHeader header, int padId, Device device, string? precision)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        using var batch = Batch.Collate(chunk, padId, device);
        Tensor logits;
        using (DeviceSelector.Autocast(device, precision)) logits = teacher.call(batch.InputIds);   // (B, T, V), as the run's step runs the teacher
        if (logits.shape[2] != header.VocabSize)
            throw new InvalidOperationException($"The teacher has {logits.shape[2]} logits per position; the store expects V = {header.VocabSize}.");
        var mask = TargetRows.Mask(batch.Labels);                                // (B, T)
        var rows = TargetRows.Select(logits, mask);                              // (N, V) fp32
        // objectives.md §2, Capture: top-k full-vocabulary log-probabilities at T and the log of the mass outside them.
        var (ids, logProbs, rest) = TopKKlObjective.TeacherSide(rows / header.Temperature, header.K, withLeftover: true);
        return (ids.to(ScalarType.Int32, CPU).data<int>().ToArray(),
                logProbs.to(ScalarType.Float32, CPU).data<float>().ToArray(),
                rest!.to(ScalarType.Float32, CPU).data<float>().ToArray());
    }
}
