using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
using Workbench.Experiments.TeacherStores;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using Workbench.Training.Trainer.TeacherCache;
using static TorchSharp.torch;

namespace Workbench.Training.Trainer.TeacherStore;

/// <summary>
/// A teacher's top-k log-probabilities and rest mass at temperature T for every supervised position of a list of sequences, in one
/// checksummed file (<see cref="LogitStoreHeader"/>), read by every logit objective (<see cref="IStoreObjective"/>) instead of the
/// live teacher. <see cref="OpenOrBuild"/> reuses the file whose name is the key of (teacher, sequences, k, T, value type) when its
/// length, header, sequence table and SHA-256 all check out, and rebuilds it otherwise (missing, truncated, damaged). Opening marks
/// the file as used now (its access time), which is what least-recently-used eviction orders by (<see cref="LogitStoreFolder"/>).
/// </summary>
public sealed class TeacherLogitStore : IDisposable
{
    private readonly SafeFileHandle _file;
    private readonly LogitStoreHeader _header;
    private readonly (long First, int Position, int Count)[] _sequences;

    private TeacherLogitStore(string path, SafeFileHandle file, LogitStoreHeader header, (long, int, int)[] sequences, bool reused,
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
    /// <summary>True when a complete, undamaged file with this key was already there (no teacher forward was run).</summary>
    public bool Reused { get; }
    public TimeSpan BuildTime { get; }
    public int TeacherForwards { get; }
    public int K => _header.K;
    public double Temperature => _header.Temperature;
    public long Positions => _header.PositionCount;
    public long Bytes => _header.FileLength;
    /// <summary>Bytes of one stored position (ids, log-probabilities, rest mass).</summary>
    public int BytesPerToken => _header.RecordSize;

    /// <summary>
    /// Opens the store of <paramref name="teacher"/> (loaded from <paramref name="teacherPath"/>) over <paramref name="sequences"/> in
    /// <paramref name="directory"/>, building it first when there is no valid one. <paramref name="k"/> is capped at the vocabulary.
    /// </summary>
    public static TeacherLogitStore OpenOrBuild(string directory, ICausalLanguageModel teacher, string teacherPath, IReadOnlyList<ArithmeticProblem> sequences,
                                                int k, double temperature, TopKValueType values, int padId, Device device, Action<int, int>? progress = null,
                                                string? precision = null)
    {
        if (sequences.Count == 0) throw new ArgumentException("A teacher-logit store needs at least one sequence.", nameof(sequences));
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be at least 1.");
        if (!double.IsFinite(temperature) || temperature <= 0) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "Temperature must be a positive number.");
        var V = teacher.VocabSize;
        var kept = Math.Min(k, V);
        // The teacher runs as the run's training step would run it (DeviceSelector.Autocast): bf16 when the run asks for it.
        var teacherForward = Devices.DeviceSelector.AutocastType(device, precision) is null ? null : Experiments.Precisions.BFloat16;
        var key = LogitStoreKey.Compute(teacherPath, sequences, V, kept, temperature, values, teacherForward);
        var positions = sequences.Sum(s => (long)s.TargetCount);
        var description = LogitStoreHeader.Describe(new LogitStoreDescription(System.IO.Path.GetFullPath(teacherPath), sequences.Count, positions, kept, temperature,
                                                                              values == TopKValueType.Float16 ? "fp16" : "fp32", V, DateTime.UtcNow, teacherForward));
        var header = new LogitStoreHeader(kept, values, V, sequences.Count, positions, temperature, key, description);
        Directory.CreateDirectory(directory);
        var path = System.IO.Path.Combine(directory, LogitStoreKey.FileName(key));

        if (TryOpen(path, header, sequences) is { } existing)
            return Touch(new TeacherLogitStore(path, existing.File, existing.Header, existing.Sequences, reused: true, TimeSpan.Zero, 0));

        var started = Stopwatch.GetTimestamp();
        var forwards = LogitStoreBuilder.Build(path, header, teacher, sequences, padId, device, progress, precision);
        var built = TryOpen(path, header, sequences)
            ?? throw new InvalidOperationException($"The teacher-logit store '{path}' was written but does not read back.");
        return Touch(new TeacherLogitStore(path, built.File, built.Header, built.Sequences, reused: false, Stopwatch.GetElapsedTime(started), forwards));
    }

    /// <summary>
    /// The stored rows of the sequences at <paramref name="indices"/>, collated to length <paramref name="T"/> as
    /// <see cref="Batch.Collate(IReadOnlyList{ArithmeticProblem}, int, Device?)"/> does: row (b, t) describes the token t + 1 of
    /// sequence b. Positions without a target hold id 0, log p 0 and rest 0; the objectives never read them.
    /// </summary>
    public TeacherTopK Read(IReadOnlyList<int> indices, long T, Device? device = null)
    {
        int B = indices.Count, k = _header.K;
        var ids = new long[B * T * k];
        var logProbs = new float[B * T * k];
        var rest = new float[B * T];
        var record = _header.RecordSize;
        var idBytes = _header.IdBytes;
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
                for (var i = 0; i < k; i++)
                    ids[at + i] = idBytes == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(row[(2 * i)..]) : BinaryPrimitives.ReadInt32LittleEndian(row[(4 * i)..]);
                LogitStoreValues.Read(row[(idBytes * k)..], values, _header.Values);
                values.AsSpan(0, k).CopyTo(logProbs.AsSpan((int)at, k));
                rest[b * T + position + r] = values[k];
            }
        }
        return new TeacherTopK(tensor(ids, [B, T, k], device: device), tensor(logProbs, [B, T, k], device: device),
                               tensor(rest, [B, T], device: device), _header.Temperature);
    }

    public void Dispose() => _file.Dispose();

    private static TeacherLogitStore Touch(TeacherLogitStore store)
    {
        try { File.SetLastAccessTimeUtc(store.Path, DateTime.UtcNow); }
        catch (IOException) { }   // eviction order only; never fails a run
        catch (UnauthorizedAccessException) { }
        return store;
    }

    // The file at path when its length, header, sequence table and checksum are exactly what these sequences need; else null.
    private static (SafeFileHandle File, LogitStoreHeader Header, (long, int, int)[] Sequences)? TryOpen(string path, LogitStoreHeader expected,
                                                                                                          IReadOnlyList<ArithmeticProblem> sequences)
    {
        if (!File.Exists(path)) return null;
        var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        try
        {
            var head = new byte[LogitStoreHeader.Size];
            if (RandomAccess.Read(file, head, 0) != head.Length || !expected.Matches(head)) return Reject(file);
            var descriptionLength = LogitStoreHeader.DescriptionLength(head);
            if (descriptionLength < 0) return Reject(file);
            var description = new byte[descriptionLength];
            if (RandomAccess.Read(file, description, LogitStoreHeader.Size) != description.Length) return Reject(file);
            var header = expected with { Description = description };
            if (RandomAccess.GetLength(file) != header.FileLength || !ChecksumMatches(file, header)) return Reject(file);
            var table = new byte[LogitStoreHeader.SequenceEntrySize * sequences.Count];
            if (RandomAccess.Read(file, table, header.TableStart) != table.Length) return Reject(file);
            var entries = new (long, int, int)[sequences.Count];
            long first = 0;
            for (var i = 0; i < entries.Length; i++)
            {
                var entry = table.AsSpan(i * LogitStoreHeader.SequenceEntrySize);
                entries[i] = (BinaryPrimitives.ReadInt64LittleEndian(entry), BinaryPrimitives.ReadInt32LittleEndian(entry[8..]),
                              BinaryPrimitives.ReadInt32LittleEndian(entry[12..]));
                if (entries[i] != (first, sequences[i].AnswerStart - 1, sequences[i].TargetCount)) return Reject(file);
                first += sequences[i].TargetCount;
            }
            return (file, header, entries);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static bool ChecksumMatches(SafeFileHandle file, LogitStoreHeader header)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        for (long at = 0; at < header.ChecksumStart;)
        {
            var read = RandomAccess.Read(file, buffer.AsSpan(0, (int)Math.Min(buffer.Length, header.ChecksumStart - at)), at);
            if (read <= 0) return false;
            hash.AppendData(buffer, 0, read);
            at += read;
        }
        var stored = new byte[LogitStoreHeader.ChecksumSize];
        return RandomAccess.Read(file, stored, header.ChecksumStart) == stored.Length && hash.GetHashAndReset().AsSpan().SequenceEqual(stored);
    }

    private static (SafeFileHandle, LogitStoreHeader, (long, int, int)[])? Reject(SafeFileHandle file)
    {
        file.Dispose();
        return null;
    }
}
