using Workbench.ModelFolders.Decoders;
using Workbench.Training.Data;
using Workbench.Training.Diagnostics;
using Workbench.Training.Models;
using Workbench.Training.Models.Llama;
using static TorchSharp.torch;

namespace Workbench.Benchmarks.Throughput;

/// <summary>A teacher/student pair the training benchmark measures, with the batch it feeds them.</summary>
/// <param name="Id">Command-line name ("builtin", "llama").</param>
/// <param name="Name">What the table calls it.</param>
public sealed record BenchmarkPair(
    string Id, string Name, string TeacherDescription, string StudentDescription, int VocabSize, int Batch, int SequenceLength,
    FlopCount TeacherFlops, FlopCount StudentFlops,
    Func<Generator, ICausalLanguageModel> BuildTeacher, Func<Generator, ICausalLanguageModel> BuildStudent)
{
    /// <summary>The demo's pair: GPT teacher 4 layers × 128 wide (4 heads), student 2 × 64 (2 heads), arithmetic vocabulary, T = 40, B = 16.</summary>
    public static BenchmarkPair BuiltIn { get; } = CreateBuiltIn();

    /// <summary>
    /// A Llama-shaped pair of about 40M / 10M parameters (vocabulary 8192, untied heads, grouped-query attention),
    /// T = 128, B = 8: the size of the smallest real checkpoints a user might distil on a CPU.
    /// </summary>
    public static BenchmarkPair Llama { get; } = CreateLlama();

    public static IReadOnlyList<BenchmarkPair> All { get; } = [BuiltIn, Llama];

    public static BenchmarkPair Named(string id) =>
        All.FirstOrDefault(p => p.Id == id) ?? throw new ArgumentException($"Unknown pair '{id}'. Known: {string.Join(", ", All.Select(p => p.Id))}.");

    public ModelPairInfo Info(long teacherParameters, long studentParameters) =>
        new(Name, TeacherDescription, StudentDescription, teacherParameters, studentParameters, VocabSize, Batch, SequenceLength);

    private static BenchmarkPair CreateBuiltIn()
    {
        var vocab = WordTokenizer.ForArithmetic().VocabSize;
        var teacher = new GptConfig(Layers: 4, Heads: 4, Width: 128, Context: 64, VocabSize: vocab);
        var student = new GptConfig(Layers: 2, Heads: 2, Width: 64, Context: 64, VocabSize: vocab);
        return new("builtin", "built-in GPT", "GPT 4 layers × 128, 4 heads", "GPT 2 layers × 64, 2 heads", vocab, Batch: 16, SequenceLength: 40,
                   FlopCount.Of(teacher), FlopCount.Of(student), g => new Gpt(teacher, g), g => new Gpt(student, g));
    }

    private static BenchmarkPair CreateLlama()
    {
        var teacher = new LlamaConfig(LlamaConfig.Llama, VocabSize: 8192, HiddenSize: 512, IntermediateSize: 1536, NumHiddenLayers: 10,
                                      NumAttentionHeads: 8, NumKeyValueHeads: 4, MaxPositionEmbeddings: 128);
        var student = new LlamaConfig(LlamaConfig.Llama, VocabSize: 8192, HiddenSize: 256, IntermediateSize: 1024, NumHiddenLayers: 6,
                                      NumAttentionHeads: 4, NumKeyValueHeads: 2, MaxPositionEmbeddings: 128);
        return new("llama", "Llama 40M/10M", "Llama d 512, 10 layers, 8 heads (4 kv), FFN 1536", "Llama d 256, 6 layers, 4 heads (2 kv), FFN 1024",
                   8192, Batch: 8, SequenceLength: 128,
                   FlopCount.Of(teacher), FlopCount.Of(student), g => new LlamaForCausalLM(teacher, g), g => new LlamaForCausalLM(student, g));
    }
}
