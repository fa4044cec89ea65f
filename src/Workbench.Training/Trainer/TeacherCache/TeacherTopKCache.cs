using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using static TorchSharp.torch;

namespace Workbench.Training.Trainer.TeacherCache;

/// <summary>
/// A teacher's top-k log-probabilities at temperature T for every supervised position of a list of sequences, in one
/// file on disk (objectives.md §2, Capture), so training with <c>top_k_kl</c> never runs the teacher again.
/// <see cref="OpenOrBuild"/> reuses the file whose name is the key of (teacher, sequences, k, T, value type), and
/// rebuilds it when it is missing, truncated or its header does not match. <see cref="Read"/> returns a batch's top-k
/// aligned with its positions. Reads seek into the open file; nothing but the sequence table is held in memory.
/// </summary>
public sealed class TeacherTopKCache : IDisposable
{
    private readonly SafeFileHandle _file;
    private readonly TopKCacheHeader _header;
    private readonly (long First, int Position, int Count)[] _sequences;

    private TeacherTopKCache(string path, SafeFileHandle file, TopKCacheHeader header, (long, int, int)[] sequences, bool reused,
                             TimeSpan buildTime, int teacherForwards)
    {
        Path = path;
        _file = file;
        _header = header;
        _sequences = sequences;
        Reused = reused;
        BuildTime = buildTime;
        TeacherForwards = teacherForwards;
    }

    public string Path { get; }
    /// <summary>True when a complete file with this key was already there (no teacher forward was run).</summary>
    public bool Reused { get; }
    /// <summary>Time spent running the teacher and writing the file; zero when reused.</summary>
    public TimeSpan BuildTime { get; }
    /// <summary>Teacher forward passes this cache cost in this process: 0 when reused.</summary>
    public int TeacherForwards { get; }
    public int K => _header.K;
    public double Temperature => _header.Temperature;
    public TopKValueType Values => _header.Values;
    public long Positions => _header.PositionCount;
    public long Bytes => _header.FileLength;

    /// <summary>
    /// Opens the cache of <paramref name="teacher"/> (loaded from <paramref name="teacherPath"/>) over
    /// <paramref name="sequences"/> in <paramref name="directory"/>, building it first when there is no valid one.
    /// <paramref name="k"/> is capped at the vocabulary; <paramref name="progress"/> gets (sequences done, total) while building.
    /// </summary>
    public static TeacherTopKCache OpenOrBuild(string directory, ICausalLanguageModel teacher, string teacherPath,
                                               IReadOnlyList<ArithmeticProblem> sequences, int k, double temperature, TopKValueType values,
                                               int padId, Device device, Action<int, int>? progress = null)
    {
        if (sequences.Count == 0) throw new ArgumentException("A top-k cache needs at least one sequence.", nameof(sequences));
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be at least 1.");
        if (!double.IsFinite(temperature) || temperature <= 0) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "Temperature must be a positive number.");
        var V = teacher.VocabSize;
        var kept = Math.Min(k, V);
        var key = TopKCacheKey.Compute(teacherPath, sequences, V, kept, temperature, values);
        var header = new TopKCacheHeader(kept, values, V, sequences.Count, sequences.Sum(s => (long)s.TargetCount), temperature, key);
        Directory.CreateDirectory(directory);
        var path = System.IO.Path.Combine(directory, TopKCacheKey.FileName(key));

        if (TryOpen(path, header, sequences) is { } existing)
            return new TeacherTopKCache(path, existing.File, header, existing.Sequences, reused: true, TimeSpan.Zero, 0);

        var started = Stopwatch.GetTimestamp();
        var forwards = TopKCacheBuilder.Build(path, header, teacher, sequences, padId, device, progress);
        var built = TryOpen(path, header, sequences)
            ?? throw new InvalidOperationException($"The top-k cache '{path}' was written but does not read back.");
        return new TeacherTopKCache(path, built.File, header, built.Sequences, reused: false, Stopwatch.GetElapsedTime(started), forwards);
    }

    /// <summary>
    /// The cached top-k of the sequences at <paramref name="indices"/>, collated to length <paramref name="T"/> as
    /// <see cref="Batch.Collate(IReadOnlyList{ArithmeticProblem}, int, Device?)"/> does: row (b, t) describes the token
    /// t + 1 of sequence b. Positions without a target are zero.
    /// </summary>
    public TeacherTopK Read(IReadOnlyList<int> indices, long T, Device? device = null)
    {
        int B = indices.Count, k = _header.K;
        var ids = new long[B * T * k];
        var logProbs = new float[B * T * k];
        var leftover = new float[B * T];
        var record = _header.RecordSize;
        var values = new float[k + 1];
        byte[] buffer = [];
        for (var b = 0; b < B; b++)
        {
            var (first, position, count) = _sequences[indices[b]];
            if (position + count > T)
                throw new ArgumentException($"Sequence {indices[b]} has targets up to position {position + count - 1}; the batch is only {T} long.", nameof(T));
            var length = count * record;
            if (buffer.Length < length) buffer = new byte[length];
            var bytes = buffer.AsSpan(0, length);
            RandomAccess.Read(_file, bytes, _header.RecordsStart + first * record);
            for (var r = 0; r < count; r++)
            {
                var row = bytes.Slice(r * record, record);
                var at = (b * T + position + r) * k;
                var rowIds = MemoryMarshal.Cast<byte, int>(row[..(4 * k)]);
                for (var i = 0; i < k; i++) ids[at + i] = rowIds[i];
                ReadValues(row[(4 * k)..], values, _header.Values);
                values.AsSpan(0, k).CopyTo(logProbs.AsSpan((int)at, k));
                leftover[b * T + position + r] = values[k];
            }
        }
        return new TeacherTopK(tensor(ids, [B, T, k], device: device), tensor(logProbs, [B, T, k], device: device),
                               tensor(leftover, [B, T], device: device), _header.Temperature);
    }

    public void Dispose() => _file.Dispose();

    // The file at path when its length, header and sequence table are exactly what these sequences need; else null
    // (missing, truncated, from another format version or key, or damaged in its table).
    private static (SafeFileHandle File, (long, int, int)[] Sequences)? TryOpen(string path, TopKCacheHeader header, IReadOnlyList<ArithmeticProblem> sequences)
    {
        if (!File.Exists(path)) return null;
        var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        try
        {
            if (RandomAccess.GetLength(file) != header.FileLength) return Reject(file);
            var head = new byte[TopKCacheHeader.Size];
            if (RandomAccess.Read(file, head, 0) != head.Length || !header.Matches(head)) return Reject(file);
            var table = new byte[TopKCacheHeader.SequenceEntrySize * sequences.Count];
            if (RandomAccess.Read(file, table, TopKCacheHeader.Size) != table.Length) return Reject(file);
            var entries = new (long, int, int)[sequences.Count];
            long first = 0;
            for (var i = 0; i < entries.Length; i++)
            {
                var entry = table.AsSpan(i * TopKCacheHeader.SequenceEntrySize);
                entries[i] = (BinaryPrimitives.ReadInt64LittleEndian(entry), BinaryPrimitives.ReadInt32LittleEndian(entry[8..]),
                              BinaryPrimitives.ReadInt32LittleEndian(entry[12..]));
                if (entries[i] != (first, sequences[i].AnswerStart - 1, sequences[i].TargetCount)) return Reject(file);
                first += sequences[i].TargetCount;
            }
            return (file, entries);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static (SafeFileHandle, (long, int, int)[])? Reject(SafeFileHandle file)
    {
        file.Dispose();
        return null;
    }

    private static void ReadValues(ReadOnlySpan<byte> source, Span<float> destination, TopKValueType type)
    {
        if (type == TopKValueType.Float32)
        {
            MemoryMarshal.Cast<byte, float>(source[..(4 * destination.Length)]).CopyTo(destination);
            return;
        }
        for (var i = 0; i < destination.Length; i++) destination[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(source[(2 * i)..]);
    }
}
