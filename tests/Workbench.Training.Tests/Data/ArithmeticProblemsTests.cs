using System.Globalization;
using Workbench.Experiments;
using Workbench.Training.Data;

namespace Workbench.Training.Tests.Data;

public sealed class ArithmeticProblemsTests
{
    private static readonly ArithmeticProblems s_default = ArithmeticProblems.CreateDefault();

    [Fact]
    public void Generate_SameSeed_SameProblems()
    {
        var a = ArithmeticProblems.Generate(5, 200, 50);
        var b = ArithmeticProblems.Generate(5, 200, 50);
        Assert.Equal(a.Train.Select(p => p.Prompt), b.Train.Select(p => p.Prompt));
        Assert.Equal(a.Eval.Select(p => p.Prompt), b.Eval.Select(p => p.Prompt));
    }

    [Fact]
    public void Generate_OtherSeed_OtherProblems()
    {
        var a = ArithmeticProblems.Generate(5, 100, 0);
        var b = ArithmeticProblems.Generate(6, 100, 0);
        Assert.NotEqual(a.Train.Select(p => p.Prompt), b.Train.Select(p => p.Prompt));
    }

    [Fact]
    public void CreateDefault_Splits_HaveDefaultSizesAndShareNoPrompt()
    {
        Assert.Equal(6000, s_default.Train.Count);
        Assert.Equal(500, s_default.Eval.Count);
        var train = s_default.Train.Select(p => p.Prompt).ToHashSet();
        Assert.Equal(6000, train.Count);
        Assert.DoesNotContain(s_default.Eval, p => train.Contains(p.Prompt));
    }

    [Fact]
    public void CreateDefault_EveryProblem_IsBosPromptSepAnswerEosWithinMaxLength()
    {
        var tokenizer = s_default.Tokenizer;
        var max = BuiltInDatasets.MaxSequenceLength(BuiltInDatasets.Arithmetic);
        Assert.All(s_default.Train.Concat(s_default.Eval), p =>
        {
            Assert.True(p.TokenIds.Length <= max);
            Assert.Equal(tokenizer.BosId, p.TokenIds[0]);
            Assert.Equal(tokenizer.SepId, p.TokenIds[p.AnswerStart - 1]);
            Assert.Equal(tokenizer.EosId, p.TokenIds[^1]);
            Assert.Equal(p.Prompt, tokenizer.Decode(p.TokenIds[1..(p.AnswerStart - 1)]));
            Assert.Equal(p.Answer, tokenizer.Decode(p.AnswerIds.ToArray()));
            Assert.DoesNotContain(tokenizer.UnkId, p.TokenIds);
        });
    }

    [Fact]
    public void CreateDefault_Answers_MatchTheNumbersOfThePrompt()
    {
        Assert.All(s_default.Eval, p =>
        {
            var numbers = p.Prompt.Split(' ').Where(w => char.IsDigit(w[0])).Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(2, numbers.Length);
            var expected = p.Template.StartsWith("add", StringComparison.Ordinal) ? numbers[0] + numbers[1] : numbers[0] - numbers[1];
            Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), p.Answer);
        });
    }

    [Fact]
    public void CreateDefault_Templates_AllUsed()
    {
        Assert.Equal(6, s_default.Train.Select(p => p.Template).Distinct().Count());
    }
}
