using System.Text.Json.Nodes;
using Workbench.Training.Checkpoints;
using Workbench.Training.Data;
using Workbench.Training.Data.Bpe;
using Workbench.Training.Models.Llama;
using static TorchSharp.torch;

namespace Workbench.Training.Demo;

/// <summary>
/// The built-in demo Hugging Face model folders, generated rather than downloaded: a Llama teacher stored in bf16 and
/// a Qwen2 student stored in fp32 (so both dtypes are exercised), randomly initialised from fixed seeds, sharing one
/// byte-level BPE tokenizer trained on <see cref="DemoCorpus"/>. Each folder is what transformers'
/// <c>from_pretrained</c> reads.
/// </summary>
/// <remarks>
/// config.json's vocab_size is the tokenizer's size (BPE tokens + 3 ChatML specials) rounded up to a multiple of 64,
/// as Qwen2 pads its embedding; the padding rows are never produced by the tokenizer.
/// </remarks>
public static class DemoModelFolders
{
    public const string TeacherName = "demo-llama-teacher";
    public const string StudentName = "demo-qwen2-student";
    /// <summary>A third folder, the student architecture over a much smaller BPE (<see cref="SmallBpeVocabSize"/>): the cross-tokenizer demo's student.</summary>
    public const string SmallBpeStudentName = "demo-qwen2-small-bpe-student";

    /// <summary>
    /// The small tokenizer's BPE tokens: the 256 bytes and 64 merges, so most words and numbers above 9 are several tokens, where
    /// the built-in word vocabulary has one. Teacher (words) and student (these pieces) then cut the same answer differently.
    /// </summary>
    public const int SmallBpeVocabSize = 320;

    /// <summary>
    /// Cap on the BPE tokens (1021 + 3 specials = 1024). The demo corpus runs out of pairs first, at 902 tokens
    /// (646 merges), when every word and number 0..199 in it is one token; the tokenizer then has 905 ids and the
    /// models 960 rows.
    /// </summary>
    public const int BpeVocabSize = 1021;

    /// <summary>Embedding rows are padded up to a multiple of this.</summary>
    public const int VocabMultiple = 64;

    private const ulong TeacherSeed = 20260101;
    private const ulong StudentSeed = 20260102;
    private const ulong SmallBpeStudentSeed = 20260103;
    private const double InitializerRange = 0.02;       // LlamaForCausalLM's N(0, 0.02) init, recorded for transformers
    private const string StagingSuffix = ".tmp";

    /// <summary>
    /// Makes the demo folders under <paramref name="root"/> that are missing or incomplete and returns their paths
    /// (teacher, student, then the small-BPE student). A complete folder (config.json, weights and tokenizer.json) is left untouched; each folder is
    /// written to "name.tmp" and renamed when done, so an interrupted run leaves no folder that looks complete.
    /// </summary>
    public static IReadOnlyList<string> EnsureCreated(string root)
    {
        Directory.CreateDirectory(root);
        var bpe = new Lazy<ByteLevelBpe>(() => ByteLevelBpeTrainer.Train(DemoCorpus.Texts(), BpeVocabSize));
        var smallBpe = new Lazy<ByteLevelBpe>(() => ByteLevelBpeTrainer.Train(DemoCorpus.Texts(), SmallBpeVocabSize));
        return
        [
            Ensure(Path.Combine(root, TeacherName), bpe, DemoModelConfigs.Teacher, ScalarType.BFloat16, TeacherSeed),
            Ensure(Path.Combine(root, StudentName), bpe, DemoModelConfigs.Student, ScalarType.Float32, StudentSeed),
            Ensure(Path.Combine(root, SmallBpeStudentName), smallBpe, DemoModelConfigs.Student, ScalarType.Float32, SmallBpeStudentSeed),
        ];
    }

    /// <summary>The tokenizer's size rounded up to a multiple of <see cref="VocabMultiple"/>: the models' vocab_size.</summary>
    public static int ModelVocabSize(int tokenizerSize) => (tokenizerSize + VocabMultiple - 1) / VocabMultiple * VocabMultiple;

    /// <summary>Whether <paramref name="folder"/> has config.json, weights and tokenizer.json.</summary>
    public static bool IsComplete(string folder) =>
        File.Exists(Path.Combine(folder, HuggingFaceConfig.FileName))
        && File.Exists(Path.Combine(folder, HuggingFaceTokenizer.JsonFileName))
        && (File.Exists(Path.Combine(folder, ShardedSafeTensorsWriter.SingleFileName))
            || File.Exists(Path.Combine(folder, ShardedSafeTensorsWriter.IndexFileName)));

    private static string Ensure(string folder, Lazy<ByteLevelBpe> bpe, Func<int, LlamaConfig> architecture, ScalarType dtype, ulong seed)
    {
        if (IsComplete(folder)) return folder;
        var staging = folder + StagingSuffix;
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);

        TokenizerFolderWriter.Write(staging, bpe.Value, DemoModelConfigs.MaxPositions);
        var config = architecture(ModelVocabSize(TokenizerFolderWriter.TotalVocabSize(bpe.Value)));
        WriteBaseConfig(staging, bpe.Value);
        using (var generator = new Generator(seed))
        using (var model = new LlamaForCausalLM(config, generator))
            HuggingFaceCheckpoint.Save(model, staging, new HuggingFaceSaveOptions(dtype, SourceDirectory: staging));

        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);      // a half-written folder from an older layout
        Directory.Move(staging, folder);
        return folder;
    }

    // The config.json keys a LlamaConfig does not describe; HuggingFaceCheckpoint.Save keeps them from the folder it saves over.
    private static void WriteBaseConfig(string directory, ByteLevelBpe bpe)
    {
        var json = new JsonObject
        {
            ["bos_token_id"] = ChatMl.IdOf(ChatMl.EndOfText, bpe.Count),
            ["eos_token_id"] = ChatMl.IdOf(ChatMl.ImEnd, bpe.Count),
            ["initializer_range"] = InitializerRange,
            ["use_cache"] = true,
        };
        File.WriteAllText(Path.Combine(directory, HuggingFaceConfig.FileName), json.ToJsonString());
    }
}
