using System.Globalization;
using Workbench.Experiments;
using Workbench.Training.Data;

namespace Workbench.Training.Tests.Data;

public sealed class DistractorProblemsTests
{
    private static readonly DistractorProblems s_default = DistractorProblems.CreateDefault();

    private static IEnumerable<ArithmeticProblem> All(DistractorProblems data) =>
        data.Clean.Concat(data.Shortcut).Concat(data.InDistributionTest).Concat(data.OodTest).Concat(data.CleanTest);

    private static IEnumerable<IReadOnlyList<ArithmeticProblem>> TestSplits(DistractorProblems data) =>
        [data.InDistributionTest, data.OodTest, data.CleanTest];

    private static int Number(string text) => int.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>The prompt without the distractor sentence and the space that separates it.</summary>
    private static string Question(ArithmeticProblem p)
    {
        var span = Assert.Single(p.ConfounderSpans!);
        return span.End == p.Prompt.Length ? p.Prompt[..span.Start].TrimEnd() : p.Prompt.Remove(span.Start, span.Length + 1);
    }

    [Fact]
    public void Generate_SameSeed_SameProblemsSpansAndDistractors()
    {
        var a = DistractorProblems.Generate(5, 200, 50);
        var b = DistractorProblems.Generate(5, 200, 50);
        Assert.Equal(All(a).Select(p => (p.Prompt, p.Answer, p.Distractor, p.ConfounderSpans![0])),
                     All(b).Select(p => (p.Prompt, p.Answer, p.Distractor, p.ConfounderSpans![0])));
    }

    [Fact]
    public void Generate_OtherSeed_OtherProblems()
    {
        var a = DistractorProblems.Generate(5, 100, 10);
        var b = DistractorProblems.Generate(6, 100, 10);
        Assert.NotEqual(a.Clean.Select(p => p.Prompt), b.Clean.Select(p => p.Prompt));
    }

    [Fact]
    public void CreateDefault_Splits_HaveDefaultSizesAndDistinctPrompts()
    {
        Assert.All([s_default.Clean, s_default.Shortcut], s => Assert.Equal(6000, s.Select(p => p.Prompt).Distinct().Count()));
        Assert.All(TestSplits(s_default), s => Assert.Equal(500, s.Select(p => p.Prompt).Distinct().Count()));
    }

    [Fact]
    public void CreateDefault_TestSplits_ShareNoPromptAndNoQuestionWithTrainSplits()
    {
        var train = s_default.Clean.Concat(s_default.Shortcut).ToArray();
        var prompts = train.Select(p => p.Prompt).ToHashSet();
        var questions = train.Select(Question).ToHashSet();
        Assert.All(TestSplits(s_default).SelectMany(s => s), p =>
        {
            Assert.DoesNotContain(p.Prompt, prompts);
            Assert.DoesNotContain(Question(p), questions);
        });
    }

    [Fact]
    public void CreateDefault_GoldSpan_IsExactlyTheDistractorSentenceAtASentenceBoundary()
    {
        Assert.All(All(s_default), p =>
        {
            var span = Assert.Single(p.ConfounderSpans!);
            var sentence = span.Of(p.Prompt);
            Assert.EndsWith(" .", sentence);
            Assert.Equal(1, sentence.Count(c => c == '.'));
            Assert.Equal([p.Distractor!], sentence.Split(' ').Where(w => char.IsDigit(w[0])));
            Assert.True(span.Start == 0 || p.Prompt[(span.Start - 2)..span.Start] == ". ", "The sentence starts at a sentence boundary.");
            Assert.Equal(' ', p.Prompt[span.End]);                                   // always before the question
        });
    }

    [Fact]
    public void CreateDefault_WithoutTheSpan_IsTheArithmeticProblemWithItsAnswer()
    {
        Assert.All(All(s_default), p =>
        {
            var numbers = Question(p).Split(' ').Where(w => char.IsDigit(w[0])).Select(Number).ToArray();
            Assert.Equal(2, numbers.Length);
            var expected = p.Template.StartsWith("add", StringComparison.Ordinal) ? numbers[0] + numbers[1] : numbers[0] - numbers[1];
            Assert.Equal(expected, Number(p.Answer));
        });
    }

    [Fact]
    public void CreateDefault_Distractor_TakesEveryPositionAndSeveralSentences()
    {
        var positions = s_default.Clean.Select(p => p.Prompt[..p.ConfounderSpans![0].Start].Count(c => c == '.')).ToHashSet();
        Assert.Equal(new[] { 0, 1, 2 }, positions.Order());
        var shapes = s_default.Clean.Select(p => string.Join(' ', p.ConfounderSpans![0].Of(p.Prompt).Split(' ').Skip(1).Where(w => !char.IsDigit(w[0])))).Distinct();
        Assert.Equal(10, shapes.Count());                                        // "is years old .", "shop has windows .", ...
    }

    [Fact]
    public void CreateDefault_Shortcut_DistractorEqualsTheAnswerFourTimesInFive()
    {
        var share = s_default.Shortcut.Average(p => p.Distractor == p.Answer ? 1.0 : 0.0);
        Assert.InRange(share, 0.77, 0.83);
        Assert.InRange(s_default.InDistributionTest.Average(p => p.Distractor == p.Answer ? 1.0 : 0.0), 0.74, 0.86);
    }

    [Fact]
    public void CreateDefault_Clean_DistractorIsIndependentOfTheAnswerAndCoversTheRange()
    {
        Assert.InRange(s_default.Clean.Average(p => p.Distractor == p.Answer ? 1.0 : 0.0), 0.02, 0.10);   // 1/18 by chance
        Assert.Equal(Enumerable.Range(1, 18), s_default.Clean.Select(p => Number(p.Distractor!)).Distinct().Order());
    }

    [Fact]
    public void CreateDefault_Ood_DistractorIsAlwaysANearMissNeverTheAnswer()
    {
        Assert.All(s_default.OodTest, p =>
        {
            var (distractor, answer) = (Number(p.Distractor!), Number(p.Answer));
            Assert.InRange(distractor, 1, int.MaxValue);
            Assert.Contains(Math.Abs(distractor - answer), new[] { 1, 2 });
        });
        Assert.Equal(4, s_default.OodTest.Select(p => Number(p.Distractor!) - Number(p.Answer)).Distinct().Count());
    }

    [Fact]
    public void CreateDefault_EveryProblem_IsBosPromptSepAnswerEosWithinTheContext()
    {
        var tokenizer = s_default.Tokenizer;
        var max = BuiltInDatasets.MaxSequenceLength(BuiltInDatasets.DistractorShortcut);
        Assert.Equal(WordTokenizer.DistractorId, tokenizer.Id);
        Assert.All(All(s_default), p =>
        {
            Assert.InRange(p.TokenIds.Length, 1, max);
            Assert.Equal(tokenizer.BosId, p.TokenIds[0]);
            Assert.Equal(tokenizer.SepId, p.TokenIds[p.AnswerStart - 1]);
            Assert.Equal(tokenizer.EosId, p.TokenIds[^1]);
            Assert.Equal(p.Prompt, tokenizer.Decode(p.TokenIds[1..(p.AnswerStart - 1)]));
            Assert.Equal(p.Answer, tokenizer.Decode(p.AnswerIds.ToArray()));
            Assert.DoesNotContain(tokenizer.UnkId, p.TokenIds);
        });
    }
}
