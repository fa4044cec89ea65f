using System.Security.Cryptography;
using System.Text;
using Workbench.Experiments.TeacherStores;
using Workbench.Training.Data;
using Workbench.Training.Trainer.TeacherCache;

namespace Workbench.Training.Trainer.TeacherStore;

/// <summary>
/// The identity of a teacher-logit store: SHA-256 of the teacher checkpoint's identity (as the top-k cache's: path, size and
/// write time of its files), the sequences' token ids and supervised positions, V, k, T, the value type and, when not fp32,
/// the teacher forward's arithmetic (an fp32 store keeps the key it had before that was recorded). The file is named
/// after it (<c>logits-&lt;128 bits hex&gt;.bin</c>), so every run of the same teacher, data and settings shares one file.
/// </summary>
internal static class LogitStoreKey
{
    private const string Format = "workbench-logit-store-v1";
    public const string Prefix = LogitStoreFileName.Prefix;
    public const string Extension = LogitStoreFileName.Extension;

    public static byte[] Compute(string teacherPath, IReadOnlyList<ArithmeticProblem> sequences, int vocabSize, int k, double temperature, TopKValueType values,
                                 string? teacherForward = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Format);
            TopKCacheKey.WriteTeacherIdentity(writer, teacherPath);
            writer.Write(vocabSize);
            writer.Write(k);
            writer.Write(temperature);
            writer.Write((int)values);
            if (teacherForward is not null) writer.Write($"teacher-forward:{teacherForward}");
            writer.Write(sequences.Count);
            foreach (var sequence in sequences)
            {
                writer.Write(sequence.AnswerStart);
                writer.Write(sequence.TokenIds.Length);
                foreach (var id in sequence.TokenIds) writer.Write(id);
            }
        }
        return SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    public static string FileName(byte[] key) => $"{Prefix}{Convert.ToHexStringLower(key, 0, 16)}{Extension}";

    /// <summary>Whether <paramref name="name"/> is a store file name (nothing else in the folder is ever listed or deleted).</summary>
    public static bool IsFileName(string? name) => LogitStoreFileName.IsFileName(name);
}
