using Workbench.Experiments;
using Workbench.Experiments.Leaf;
using Workbench.Training.Data;
using Workbench.Training.Leaf;
using Workbench.Training.Leaf.Pipeline;
using Workbench.Training.Leaf.Scoring;
using Workbench.Training.Models;
using Workbench.Training.Models.Llama;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Leaf.Scoring;

/// <summary>Reusing an original's keys and values for its edited rows gives the full forward's ℓ, on every model family.</summary>
public sealed class SharedPrefixNllTests : TorchTest
{
    private const int Vocab = 64;

    // Two originals of different lengths: <bos>=1 prompt <sep>=2 answer <eos>=3; AnswerStart is just after <sep>.
    private static readonly int[] s_first = [1, 10, 11, 12, 13, 14, 15, 2, 20, 21, 22, 3];   // AnswerStart 8
    private static readonly int[] s_second = [1, 30, 31, 32, 2, 40, 3];                      // AnswerStart 5

    // Model kinds: the built-in GPT, and Llama families whose cached path differs (sliding windows of 4–6 shorter than the
    // rows, Gemma's soft caps, q/k norms, grouped kv heads).
    public static TheoryData<string> Models => ["gpt", LlamaConfig.Llama, LlamaConfig.Qwen3, LlamaConfig.Mistral, LlamaConfig.Phi3, LlamaConfig.Gemma2];

    [Theory]
    [MemberData(nameof(Models))]
    public void Of_EditsAtEveryPlace_SameNllAsTheFullForward(string kind)
    {
        using var model = ModelOf(kind);
        // (tokens, answer start, original row, shared prefix): an edit at position 0, in the middle, a deletion (shorter), an
        // insertion (longer), one at the last prompt token, an unchanged copy (prefix capped where ℓ's logits start), and edits
        // of the shorter original.
        (int[] Ids, int AnswerStart, int Origin, int Prefix)[] spec =
        [
            (s_first, 8, 0, -1),
            (s_second, 5, 1, -1),
            ([5, .. s_first[1..]], 8, 0, 0),
            ([1, 10, 11, 12, 50, 14, 15, 2, 20, 21, 22, 3], 8, 0, 4),
            ([1, 10, 11, 14, 15, 2, 20, 21, 22, 3], 6, 0, 3),
            ([1, 10, 11, 12, 13, 14, 51, 52, 15, 2, 20, 21, 22, 3], 10, 0, 6),
            ([1, 10, 11, 12, 13, 14, 53, 2, 20, 21, 22, 3], 8, 0, 6),
            ([.. s_first], 8, 0, 7),
            ([1, 54, 31, 32, 2, 40, 3], 5, 1, 1),
            ([1, 30, 31, 55, 2, 40, 3], 5, 1, 3),
        ];
        var rows = spec.Select(s => Row(s.Ids, s.AnswerStart)).ToArray();
        var origins = spec.Select(s => s.Origin).ToArray();
        var all = Enumerable.Range(0, rows.Length).ToArray();
        var full = ResponseNll.Of(model, rows, padId: 0, CPU);

        for (var r = 2; r < rows.Length; r++) Assert.Equal(spec[r].Prefix, SharedPrefixNll.SharedPrefix(rows[r], rows[origins[r]]));
        // Batches of 3: originals and edits in several chunks, each edit batch mixing prefix lengths and originals.
        foreach (var batchSize in new[] { 3, 64 })
        {
            using var shared = new SharedPrefixNll(model, rows, origins, padId: 0, CPU, batchSize: batchSize);
            var (nll, forwarded) = shared.Of(all);
            for (var r = 0; r < rows.Length; r++) Assert.True(Math.Abs(full[r] - nll[r]) < 1e-5, $"Row {r} (batch {batchSize}): {nll[r]} against {full[r]}.");
            Assert.Equal(rows.Sum(p => p.TokenIds.Length) - spec.Sum(s => Math.Max(s.Prefix, 0)), forwarded);
        }

        // In rounds, as the bounded teacher reads: the originals first, the edits later from the kept keys and values.
        using var rounds = new SharedPrefixNll(model, rows, origins, padId: 0, CPU, batchSize: 4);
        var (first, _) = rounds.Of([0, 1]);
        var (later, laterTokens) = rounds.Of([7, 2, 8, 0]);
        Assert.All(new[] { 0, 1 }.Select(r => Math.Abs(full[r] - first[r])), d => Assert.True(d < 1e-5, $"{d}"));
        Assert.All(new[] { 7, 2, 8, 0 }.Select((r, j) => Math.Abs(full[r] - later[j])), d => Assert.True(d < 1e-5, $"{d}"));
        Assert.Equal(rows[7].TokenIds.Length - 7 + rows[2].TokenIds.Length + rows[8].TokenIds.Length - 1, laterTokens);   // originals not run again
    }

    [Fact]
    public void Of_ModelWithoutIncrementalDecoding_RunsEveryRowInFull()
    {
        using var model = CopyModel.CopyToken(Vocab, 20, beta: 2);
        ArithmeticProblem[] rows = [Row(s_first, 8), Row([1, 10, 11, 12, 50, 14, 15, 2, 20, 21, 22, 3], 8)];
        using var shared = new SharedPrefixNll(model, rows, [0, 0], padId: 0, CPU);

        var (nll, forwarded) = shared.Of([0, 1]);

        Assert.Equal(ResponseNll.Of(model, rows, 0, CPU), nll);
        Assert.Equal(24, forwarded);
    }

    [Fact]
    public void Intervene_ReusedPrefixes_SameEffectsAndFlagsWithFewerTokens()
    {
        // The leaf-intervention preset (numbers ±1, moves, bounded teacher, clause, top-1) on distractor problems, with and without reuse.
        var generated = DistractorProblems.Generate(5, 16, 2);
        var data = new DatasetSplits(generated.Shortcut, generated.InDistributionTest, generated.Tokenizer, new Dictionary<string, IReadOnlyList<ArithmeticProblem>>());
        using var teacher = RandomGpt(layers: 2, width: 32, generated.Tokenizer.VocabSize, seed: 4);
        using var student = RandomGpt(layers: 1, width: 16, generated.Tokenizer.VocabSize, seed: 5);
        var scorer = new ConfounderScorer(teacher, student, data, CPU);
        var leaf = new LeafConfig
        {
            InterventionCandidates = LeafSpanUnits.Numbers, InterventionEffect = LeafInterventionEffects.Moves, InterventionTeacher = LeafInterventionTeachers.Bounded,
            ThresholdMode = LeafThresholdModes.Top, SpanUnit = LeafSpanUnits.Clause,
        };
        var inputs = generated.Shortcut.Select(p => (p, PromptLayout.Of(p).Offsets, ProtectedTokens.Of(p.Prompt, PromptLayout.Of(p).Offsets))).ToArray();
        var (fullPasses, reusedPasses) = (new InterventionPasses(), new InterventionPasses());

        var full = scorer.Intervene(leaf, inputs, fullPasses, reusePrefixes: false);
        var reused = scorer.Intervene(leaf, inputs, reusedPasses);

        var detection = new DetectionSettings(DetectionSettings.Top, MaxSpansPerSample: 1);
        for (var s = 0; s < inputs.Length; s++)
        {
            var (a, b) = (full[s]!, reused[s]!);
            Assert.Equal(a.Scored, b.Scored);
            for (var i = 0; i < a.Teacher.Length; i++)
            {
                Assert.True(Math.Abs(a.Teacher[i] - b.Teacher[i]) < 1e-5, $"Sample {s}, token {i}: e_T {b.Teacher[i]} against {a.Teacher[i]}.");
                Assert.True(Math.Abs(a.Student[i] - b.Student[i]) < 1e-5, $"Sample {s}, token {i}: e_S {b.Student[i]} against {a.Student[i]}.");
            }
            bool[] Flags(InterventionEffects e) => FlagDecision.Decide(inputs[s].p.Prompt, inputs[s].Offsets, inputs[s].Item3,
                ConfounderScorer.AsRaw(e, LeafInterventionEffects.Moves), detection, LeafSpanUnits.Clause).Detection.Flagged;
            Assert.Equal(Flags(a), Flags(b));
        }
        Assert.Equal((fullPasses.TeacherRows, fullPasses.StudentRows), (reusedPasses.TeacherRows, reusedPasses.StudentRows));
        Assert.Equal(fullPasses.StudentTokens, reusedPasses.StudentTokens + reusedPasses.StudentReusedTokens);
        Assert.Equal(fullPasses.TeacherTokens, reusedPasses.TeacherTokens + reusedPasses.TeacherReusedTokens);
        Assert.True(reusedPasses.StudentTokens < fullPasses.StudentTokens && reusedPasses.TeacherTokens < fullPasses.TeacherTokens);
        Assert.Equal(0, fullPasses.StudentReusedTokens + fullPasses.TeacherReusedTokens);
    }

    private static ArithmeticProblem Row(int[] ids, int answerStart) => new("", "", "t", ids, answerStart);

    private static ICausalLanguageModel ModelOf(string kind) => kind == "gpt"
        ? RandomGpt(layers: 2, width: 16, Vocab, seed: 7)
        : TinyFamilies.RandomModel(TinyFamilies.Config(kind, vocab: Vocab));

    private static Gpt RandomGpt(int layers, int width, int vocab, ulong seed)
    {
        using var generator = new Generator(seed);
        var model = new Gpt(new GptConfig(Layers: layers, Heads: 2, Width: width, Context: 64, VocabSize: vocab), generator);
        model.eval();
        return model;
    }
}
