using Workbench.Experiments;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Tests.Shared;
using Workbench.Training.Trainer.Generated;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Trainer.Generated;

public sealed class OnPolicyBatchesTests : TorchTest
{
    private static readonly WordTokenizer s_tokenizer = WordTokenizer.ForArithmetic();

    private static OnPolicyBatches Batches(double lambda, double temperature = 0, int seed = 7) =>
        new(new DataConfig { Regime = DataRegimes.OnPolicy, Lambda = lambda, Temperature = temperature, MaxNewTokens = 6 }, seed, s_tokenizer, CPU);

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void IsOnPolicy_OverManyBatches_MixesAtLambda(double lambda)
    {
        var batches = Batches(lambda);
        var draws = Enumerable.Range(1, 2000).SelectMany(step => new[] { 0, 1 }.Select(micro => batches.IsOnPolicy(step, micro))).ToArray();
        Assert.InRange(draws.Count(d => d) / (double)draws.Length, lambda - 0.03, lambda + 0.03);
    }

    [Fact]
    public void IsOnPolicy_SameSeedStepAndMicro_SameAnswer_OtherSeed_OtherSequence()
    {
        var (a, b, c) = (Batches(0.5), Batches(0.5), Batches(0.5, seed: 8));
        var first = Enumerable.Range(1, 100).Select(s => a.IsOnPolicy(s, 0)).ToArray();
        Assert.Equal(first, Enumerable.Range(1, 100).Select(s => b.IsOnPolicy(s, 0)));
        Assert.NotEqual(first, Enumerable.Range(1, 100).Select(s => c.IsOnPolicy(s, 0)));
    }

    [Fact]
    public void Collate_OnPolicy_CompletionsAreTheStudentsGreedyAnswers_AndLabelled()
    {
        using var student = new Gpt(new GptConfig(1, 2, 16, 64, s_tokenizer.VocabSize), new Generator(4));
        var train = ArithmeticProblems.Generate(seed: 3, trainCount: 6, evalCount: 0).Train;
        var batches = Batches(1.0);
        using var batch = batches.Collate(student, train, [0, 1, 2], step: 1, micro: 0);
        student.eval();
        var greedy = GreedyDecoder.Generate(student, [.. new[] { 0, 1, 2 }.Select(i => train[i].PromptIds.ToArray())], 6, s_tokenizer.EosId, s_tokenizer.PadId);
        var ids = batch.InputIds.data<long>().ToArray();
        var labels = batch.Labels.data<long>().ToArray();
        var T = (int)batch.InputIds.shape[1];
        for (var b = 0; b < 3; b++)
        {
            var start = train[b].AnswerStart;
            Assert.Equal(greedy[b].Select(t => (long)t), ids.Skip(b * T + start).Take(greedy[b].Length));
            Assert.Equal(greedy[b].Select(t => (long)t), labels.Skip(b * T + start - 1).Take(greedy[b].Length));
        }
        Assert.Equal(1.0, batches.Share);
        Assert.True(student.training is false);   // left as it was found (eval here)
    }

    [Fact]
    public void Collate_OffPolicy_IsTheDatasetBatch()
    {
        using var student = new Gpt(new GptConfig(1, 2, 16, 64, s_tokenizer.VocabSize), new Generator(4));
        var train = ArithmeticProblems.Generate(seed: 3, trainCount: 6, evalCount: 0).Train;
        using var batch = Batches(0.0).Collate(student, train, [4, 5], step: 3, micro: 0);
        using var expected = Batch.Collate(train, [4, 5], s_tokenizer.PadId);
        Assert.Equal(expected.InputIds.data<long>().ToArray(), batch.InputIds.data<long>().ToArray());
    }
}
