using Workbench.Experiments;
using Workbench.Training.Data;
using Workbench.Training.Evaluation;
using Workbench.Training.Models;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Evaluation;

public sealed class TeacherHackingMetricsTests : TorchTest
{
    private static readonly WordTokenizer s_tokenizer = WordTokenizer.ForArithmetic();
    private static readonly IReadOnlyList<ArithmeticProblem> s_prompts = ArithmeticProblems.Generate(seed: 8, trainCount: 0, evalCount: 6).Eval;
    private static readonly DataConfig s_sampling = new() { Regime = DataRegimes.OnPolicy, Temperature = 1, MaxNewTokens = 5 };

    private static Gpt Model(ulong seed)
    {
        var model = new Gpt(new GptConfig(1, 2, 16, 64, s_tokenizer.VocabSize), new Generator(seed));
        model.eval();
        return model;
    }

    // Every weight 0: the logits are 0 everywhere, so the model is uniform over the vocabulary.
    private static Gpt Uniform()
    {
        var model = Model(1);
        using (no_grad()) foreach (var p in model.parameters()) p.zero_();
        return model;
    }

    private static TeacherHackingMetrics.Result Measure(ICausalLanguageModel student, ICausalLanguageModel teacher, ICausalLanguageModel oracle) =>
        TeacherHackingMetrics.Measure(student, teacher, oracle, s_prompts, s_sampling, seed: 3, s_tokenizer, CPU);

    [Fact]
    public void UniformOracle_NllIsLogV_AndGoldenKlIsTheHandComputedValue()
    {
        using var student = Model(2);
        using var teacher = Model(3);
        using var oracle = Uniform();
        var result = Measure(student, teacher, oracle);
        Assert.Equal(Math.Log(s_tokenizer.VocabSize), result.OracleNll, 1e-5);
        // KL(u ‖ s) = −log V − (1/V) Σ_v log s_v, averaged over the sampled completion positions
        var samples = Workbench.Training.Trainer.Generated.Completions.Generate(student, s_prompts, s_sampling,
            Workbench.Training.Trainer.Generated.Completions.Sampling(s_sampling, 3), s_tokenizer, CPU);
        using var batch = Batch.Collate(samples, s_tokenizer.PadId);
        using var _ = no_grad();
        double total = 0;
        var count = 0;
        using var logS = nn.functional.log_softmax(student.call(batch.InputIds), -1);
        var labels = batch.Labels.data<long>().ToArray();
        var T = (int)batch.InputIds.shape[1];
        for (var b = 0; b < samples.Length; b++)
            for (var t = 0; t < T; t++)
                if (labels[b * T + t] != Batch.IgnoreIndex)
                {
                    using var row = logS[b, t];
                    total += -Math.Log(s_tokenizer.VocabSize) - row.mean().item<float>();
                    count++;
                }
        Assert.Equal(count, result.Tokens);
        Assert.Equal(total / count, result.GoldenKl, 1e-4);
    }

    [Fact]
    public void StudentIsTheOracle_GoldenKlIsZero_TeacherIsTheOracle_ProxyEqualsGolden()
    {
        using var student = Model(2);
        using var teacher = Model(3);
        var same = Measure(student, teacher, student);
        Assert.Equal(0, same.GoldenKl, 1e-6);
        var teacherAsOracle = Measure(student, teacher, teacher);
        Assert.Equal(teacherAsOracle.ProxyKl, teacherAsOracle.GoldenKl, 1e-9);
        Assert.True(teacherAsOracle.ProxyKl > 0);
    }

    [Fact]
    public void UniformTeacher_ProxyIsTheHandComputedValue_AndOracleNllIsMinusTheMeanLogProbabilityOfTheSampledTokens()
    {
        using var student = Model(2);
        using var teacher = Uniform();
        using var oracle = Model(4);
        var result = Measure(student, teacher, oracle);
        var samples = Workbench.Training.Trainer.Generated.Completions.Generate(student, s_prompts, s_sampling,
            Workbench.Training.Trainer.Generated.Completions.Sampling(s_sampling, 3), s_tokenizer, CPU);
        using var batch = Batch.Collate(samples, s_tokenizer.PadId);
        using var _ = no_grad();
        using var logS = nn.functional.log_softmax(student.call(batch.InputIds), -1);
        using var logO = nn.functional.log_softmax(oracle.call(batch.InputIds), -1);
        var labels = batch.Labels.data<long>().ToArray();
        var T = (int)batch.InputIds.shape[1];
        double proxy = 0, nll = 0;
        var count = 0;
        for (var b = 0; b < samples.Length; b++)
            for (var t = 0; t < T; t++)
            {
                var label = labels[b * T + t];
                if (label == Batch.IgnoreIndex) continue;
                using var studentRow = logS[b, t];
                using var oracleLogProbability = logO[b, t, label];
                proxy += -Math.Log(s_tokenizer.VocabSize) - studentRow.mean().item<float>();   // KL(u ‖ s) = −log V − (1/V) Σ_v log s_v
                nll += -oracleLogProbability.item<float>();                                    // −log o(y_t | y_<t)
                count++;
            }
        Assert.Equal(count, result.Tokens);
        Assert.Equal(proxy / count, result.ProxyKl, 1e-4);
        Assert.Equal(nll / count, result.OracleNll, 1e-4);
    }
}
