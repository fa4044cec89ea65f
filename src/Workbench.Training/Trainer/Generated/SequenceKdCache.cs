using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Workbench.Experiments;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Trainer.TeacherCache;
using static TorchSharp.torch;

namespace Workbench.Training.Trainer.Generated;

/// <summary>
/// Sequence-level KD data (Kim &amp; Rush 2016): the teacher's completions of the training prompts (greedy, or
/// <see cref="DataConfig.SamplesPerPrompt"/> draws each), generated once into <c>seqkd-&lt;key&gt;.bin</c> in the teacher-cache
/// folder and reused by every later run with the same key: the teacher's identity (as the top-k cache has it), the prompts, the
/// sampling settings and &lt;eos&gt;. A file that does not read back whole (wrong magic or key, short, checksum mismatch, a
/// completion that does not start with its prompt) is rebuilt.
/// </summary>
public static class SequenceKdCache
{
    private const string Format = "workbench-seqkd-cache-v1";
    private static readonly byte[] s_magic = "WBSEQKD1"u8.ToArray();
    private const int ChunkSize = 64;

    public sealed record Result(IReadOnlyList<ArithmeticProblem> Train, string Path, bool Reused, TimeSpan BuildTime);

    public static Result OpenOrBuild(string directory, ICausalLanguageModel teacher, string teacherPath, IReadOnlyList<ArithmeticProblem> train,
                                     DataConfig data, IRunTokenizer tokenizer, Device device, Action<int, int>? progress = null)
    {
        Directory.CreateDirectory(directory);
        var key = Key(teacherPath, train, data, tokenizer.EosId);
        var path = Path.Combine(directory, $"seqkd-{Convert.ToHexStringLower(key, 0, 16)}.bin");
        if (TryRead(path, key, train) is { } cached) return new(cached, path, Reused: true, TimeSpan.Zero);

        var watch = Stopwatch.StartNew();
        var generated = new List<(int Source, int[] Completion)>();
        var chunks = train.Select((p, i) => (p, i)).Chunk(ChunkSize).ToArray();
        for (var c = 0; c < chunks.Length; c++)
        {
            for (var sample = 0; sample < data.SamplesPerPrompt; sample++)
            {
                var problems = Completions.Generate(teacher, [.. chunks[c].Select(x => x.p)], data, Completions.Sampling(data, seed: c * DataConfig.MaxSamplesPerPrompt + sample),
                                                    tokenizer, device);
                generated.AddRange(problems.Select((p, j) => (chunks[c][j].i, p.TokenIds[p.AnswerStart..])));
            }
            progress?.Invoke(Math.Min((c + 1) * ChunkSize, train.Count), train.Count);
        }
        Write(path, key, generated);
        return new([.. generated.Select(g => Completions.WithCompletion(train[g.Source], g.Completion))], path, Reused: false, watch.Elapsed);
    }

    private static byte[] Key(string teacherPath, IReadOnlyList<ArithmeticProblem> train, DataConfig data, int eosId)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Format);
            TopKCacheKey.WriteTeacherIdentity(writer, teacherPath);
            writer.Write(data.Temperature);
            writer.Write(data.TopP);
            writer.Write(data.MaxNewTokens);
            writer.Write(data.SamplesPerPrompt);
            writer.Write(eosId);
            writer.Write(train.Count);
            foreach (var problem in train)
            {
                writer.Write(problem.AnswerStart);
                foreach (var id in problem.PromptIds) writer.Write(id);
            }
        }
        return SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    // magic, key (32), count, then (source, length, ids) per sequence, then SHA-256 of all that
    private static void Write(string path, byte[] key, IReadOnlyList<(int Source, int[] Completion)> sequences)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(s_magic);
            writer.Write(key);
            writer.Write(sequences.Count);
            foreach (var (source, completion) in sequences)
            {
                writer.Write(source);
                writer.Write(completion.Length);
                foreach (var id in completion) writer.Write(id);
            }
        }
        var body = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var temporary = path + $".{Environment.ProcessId}.tmp";
        using (var file = File.Create(temporary))
        {
            file.Write(body);
            file.Write(SHA256.HashData(body));
        }
        File.Move(temporary, path, overwrite: true);   // readers see the old file or the whole new one
    }

    private static ArithmeticProblem[]? TryRead(string path, byte[] key, IReadOnlyList<ArithmeticProblem> train)
    {
        if (!File.Exists(path)) return null;
        try
        {
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length < s_magic.Length + 32 + 4 + 32) return null;
            var body = bytes.AsSpan(0, bytes.Length - 32);
            if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - 32))) return null;
            using var reader = new BinaryReader(new MemoryStream(bytes, 0, body.Length));
            if (!reader.ReadBytes(s_magic.Length).AsSpan().SequenceEqual(s_magic) || !reader.ReadBytes(32).AsSpan().SequenceEqual(key)) return null;
            var count = reader.ReadInt32();
            if (count < 0) return null;
            var result = new ArithmeticProblem[count];
            for (var i = 0; i < count; i++)
            {
                var (source, length) = (reader.ReadInt32(), reader.ReadInt32());
                if (source < 0 || source >= train.Count || length < 1 || length > 1_000_000) return null;
                var completion = new int[length];
                for (var t = 0; t < length; t++) completion[t] = reader.ReadInt32();
                result[i] = Completions.WithCompletion(train[source], completion);
            }
            return reader.BaseStream.Position == body.Length ? result : null;
        }
        catch (EndOfStreamException)
        {
            return null;
        }
    }
}
