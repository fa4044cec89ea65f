using Workbench.Training.Data;
using Workbench.Training.Tests.Shared;

namespace Workbench.Training.Tests.Data;

public sealed class BatchTests : TorchTest
{
    private static readonly WordTokenizer s_tokenizer = WordTokenizer.ForArithmetic();

    [Fact]
    public void Collate_TwoProblems_RightPadsAndLabelsOnlyAnswerAndEos()
    {
        var shortProblem = ArithmeticProblems.ToProblem(s_tokenizer, "ann has 3 pens .", "3", "t");   // 9 tokens
        var longProblem = ArithmeticProblems.ToProblem(s_tokenizer, "ben has 2 pens . he buys 5 more pens .", "7", "t");  // 15 tokens
        using var batch = Batch.Collate([shortProblem, longProblem], s_tokenizer.PadId);

        Assert.Equal([2L, 15L], batch.InputIds.shape);
        var ids = batch.InputIds.data<long>().ToArray();
        var labels = batch.Labels.data<long>().ToArray();
        // row 0: <bos> ann has 3 pens . <sep> 3 <eos> <pad>... ; the logits at <sep> (t = 6) predict "3", at "3" (t = 7) predict <eos>
        Assert.Equal(shortProblem.TokenIds.Select(i => (long)i), ids[..9]);
        Assert.All(ids[9..15], id => Assert.Equal(s_tokenizer.PadId, id));
        long[] expectedRow0 = [-100, -100, -100, -100, -100, -100, s_tokenizer.IdOf("3"), s_tokenizer.EosId, -100, -100, -100, -100, -100, -100, -100];
        Assert.Equal(expectedRow0, labels[..15]);
        // row 1: <sep> is at t = 12, the answer at 13, <eos> at 14
        Assert.Equal([(long)s_tokenizer.IdOf("7"), s_tokenizer.EosId], labels[(15 + 12)..(15 + 14)]);
        Assert.Equal(4, labels.Count(l => l != -100));
        Assert.Equal(4, batch.TargetCount);
        Assert.Equal(30, batch.TokenCount);
        Assert.Equal(9 + 15, batch.RealTokenCount);   // tokens/s counts these, not the padding
    }

    [Fact]
    public void Collate_Labels_AreTheNextInputToken()
    {
        var problems = ArithmeticProblems.Generate(1, 8, 0).Train;
        using var batch = Batch.Collate(problems, s_tokenizer.PadId);
        var T = (int)batch.InputIds.shape[1];
        var ids = batch.InputIds.data<long>().ToArray();
        var labels = batch.Labels.data<long>().ToArray();
        for (var i = 0; i < labels.Length; i++)
            if (labels[i] != Batch.IgnoreIndex) Assert.Equal(ids[i + 1], labels[i]);
        Assert.True(labels.Where((_, i) => i % T == T - 1).All(l => l == Batch.IgnoreIndex));
    }

    [Fact]
    public void Collate_ByIndex_EqualsCollatingThoseProblemsAndKeepsTheIndices()
    {
        var split = ArithmeticProblems.Generate(seed: 1, trainCount: 10, evalCount: 0).Train;
        int[] indices = [7, 2, 5];
        using var byIndex = Batch.Collate(split, indices, s_tokenizer.PadId);
        using var byProblem = Batch.Collate([split[7], split[2], split[5]], s_tokenizer.PadId);

        TensorAssert.Equal(byProblem.InputIds, byIndex.InputIds);
        TensorAssert.Equal(byProblem.Labels, byIndex.Labels);
        Assert.Equal(byProblem.TargetCount, byIndex.TargetCount);
        Assert.Equal(indices, byIndex.Indices);
        Assert.Null(byProblem.Indices);
    }
}
