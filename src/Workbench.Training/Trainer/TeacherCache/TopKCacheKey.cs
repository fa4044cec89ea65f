using System.Security.Cryptography;
using System.Text;
using Workbench.Training.Data;

namespace Workbench.Training.Trainer.TeacherCache;

/// <summary>
/// The identity of a top-k cache: SHA-256 of the teacher checkpoint's identity, the sequences' token ids and supervised
/// positions, V, k, T and the value type. The file is named after it, so a cache is reused exactly when all of them match.
/// </summary>
/// <remarks>
/// The teacher is identified by metadata, not content: its full path, and the size and last-write time of the
/// <c>.safetensors</c> file (or, for a Hugging Face folder, of every <c>.safetensors</c> and <c>.json</c> file in it).
/// Hashing gigabytes of weights on every start would cost more than the cache saves; a rewritten or copied checkpoint
/// gets a fresh cache, which is never stale, only rebuilt.
/// </remarks>
internal static class TopKCacheKey
{
    private const string Format = "workbench-topk-cache-v1";

    public static byte[] Compute(string teacherPath, IReadOnlyList<ArithmeticProblem> sequences, int vocabSize, int k,
                                 double temperature, TopKValueType values)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Format);
            WriteTeacherIdentity(writer, teacherPath);
            writer.Write(vocabSize);
            writer.Write(k);
            writer.Write(temperature);
            writer.Write((int)values);
            writer.Write(sequences.Count);
            foreach (var sequence in sequences)
            {
                writer.Write(sequence.AnswerStart);    // where the supervised positions start
                writer.Write(sequence.TokenIds.Length);
                foreach (var id in sequence.TokenIds) writer.Write(id);
            }
        }
        hash.AppendData(buffer.GetBuffer(), 0, (int)buffer.Length);
        return hash.GetHashAndReset();
    }

    /// <summary>The file name for a key: <c>topk-&lt;first 128 bits in hex&gt;.bin</c>.</summary>
    public static string FileName(byte[] key) => $"topk-{Convert.ToHexStringLower(key, 0, 16)}.bin";

    internal static void WriteTeacherIdentity(BinaryWriter writer, string teacherPath)
    {
        var full = Path.GetFullPath(teacherPath);
        writer.Write(full);
        if (File.Exists(full))
        {
            WriteFile(writer, new FileInfo(full), Path.GetFileName(full));
            return;
        }
        if (!Directory.Exists(full)) throw new FileNotFoundException($"The teacher checkpoint '{full}' does not exist.", full);
        var files = Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            .Select(f => (Relative: Path.GetRelativePath(full, f), Info: new FileInfo(f)))
            .OrderBy(f => f.Relative, StringComparer.Ordinal);
        foreach (var (relative, info) in files) WriteFile(writer, info, relative);
    }

    private static void WriteFile(BinaryWriter writer, FileInfo file, string name)
    {
        writer.Write(name);
        writer.Write(file.Length);
        writer.Write(file.LastWriteTimeUtc.Ticks);
    }
}
