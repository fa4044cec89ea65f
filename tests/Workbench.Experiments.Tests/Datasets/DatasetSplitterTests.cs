using System.Text;
using Workbench.Experiments.Datasets;

namespace Workbench.Experiments.Tests.Datasets;

public sealed class DatasetSplitterTests
{
    [Fact]
    public void Assign_ThousandsOfPrompts_RoughlyTenPercentEval()
    {
        var prompts = Enumerable.Range(0, 10_000).Select(i => $"question number {i} ?");
        var eval = prompts.Count(p => DatasetSplitter.Assign(p) == DatasetSplitNames.Eval);
        Assert.InRange(eval, 850, 1150);
    }

    [Fact]
    public void Assign_SamePrompt_SameSplitEveryTime()
    {
        var first = Enumerable.Range(0, 200).Select(i => DatasetSplitter.Assign($"p{i}")).ToList();
        var second = Enumerable.Range(0, 200).Select(i => DatasetSplitter.Assign($"p{i}")).ToList();
        Assert.Equal(first, second);
    }

    [Fact]
    public void Parse_NoSplitField_UsesTheHashAndExplicitSplitWins()
    {
        var lines = Enumerable.Range(0, 100).Select(i => $"{{\"prompt\":\"p{i}\",\"completion\":\"c\"}}")
            .Append("{\"prompt\":\"p0\",\"completion\":\"c\",\"split\":\"test\"}");
        var result = new JsonlDatasetParser().Parse(Encoding.UTF8.GetBytes(string.Join('\n', lines)));

        Assert.All(result.Samples.Take(100), s => Assert.Equal(DatasetSplitter.Assign(s.Prompt), s.Split));
        Assert.Equal(DatasetSplitNames.Test, result.Samples[100].Split);
    }
}
