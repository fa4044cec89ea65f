using Workbench.Experiments;
using Workbench.Web.Analysis;

namespace Workbench.Web.Tests.Analysis;

public sealed class FilterExpressionTests
{
    private static readonly RunRow s_kl = RunRows.Of(1, RunRows.Distill("kl-a", 3e-3, ObjectiveKinds.CrossEntropy, ObjectiveKinds.ForwardKl),
        new Dictionary<string, double> { ["eval/accuracy"] = 0.72, ["train/loss"] = 1.1 }, ["baseline"]);
    private static readonly RunRow s_jsd = RunRows.Of(2, RunRows.Distill("jsd-b", 1e-3, ObjectiveKinds.Jsd),
        new Dictionary<string, double> { ["eval/accuracy"] = 0.55 }, status: RunStatus.Failed);
    private static readonly RunRow s_teacher = RunRows.Of(3, new RunConfig { Name = "teacher" });
    private static readonly RunRow[] s_all = [s_kl, s_jsd, s_teacher];

    private static int[] Matching(string filter) => s_all.Where(FilterExpression.Parse(filter).Matches).Select(r => r.Id).ToArray();

    [Theory]
    [InlineData("objective == \"forward_kl\" and eval.accuracy > 0.6", new[] { 1 })]
    [InlineData("objective == 'forward_kl'", new[] { 1 })]
    [InlineData("objective != \"forward_kl\"", new[] { 2, 3 })]
    [InlineData("eval/accuracy >= 0.55", new[] { 1, 2 })]
    [InlineData("eval.accuracy < 0.6 or name == teacher", new[] { 2, 3 })]
    [InlineData("not (learningRate == 0.003)", new[] { 2 })]
    [InlineData("learningRate < 2e-3", new[] { 2 })]
    [InlineData("teacher.checkpoint == \"demo-teacher\" && status == completed", new[] { 1 })]
    [InlineData("objectives[1].kind == forward_kl", new[] { 1 })]
    [InlineData("objectives[0].weight == 0.5", new[] { 1 })]
    [InlineData("name =~ \"KL\"", new[] { 1 })]
    [InlineData("tags == baseline", new[] { 1 })]
    [InlineData("teacher.checkpoint == null", new[] { 3 })]
    [InlineData("eval.accuracy > 0", new[] { 1, 2 })]
    [InlineData("", new[] { 1, 2, 3 })]
    public void Matches_Expression_SelectsExpectedRuns(string filter, int[] expected) =>
        Assert.Equal(expected, Matching(filter));

    [Fact]
    public void Parse_AndBindsTighterThanOr()
    {
        // a or (b and c), not (a or b) and c
        Assert.Equal([1, 3], Matching("name == teacher or objective == forward_kl and eval.accuracy > 0.7"));
    }

    [Theory]
    [InlineData("eval.accuracy >", "Expected a value after '>'", 16)]
    [InlineData("eval.accuracy 0.6", "Expected an operator", 15)]
    [InlineData("objective == \"leaf", "Unterminated string", 14)]
    [InlineData("(name == a", "Expected ')' to close the '(' at column 1", 11)]
    [InlineData("name == a)", "Unmatched ')'", 10)]
    [InlineData("name == a and", "the expression ended", 14)]
    [InlineData("name == a b == c", "Expected 'and' or 'or' before 'b'", 11)]
    [InlineData("lr > 1.2.3", "'1.2.3' is not a number", 6)]
    [InlineData("name # a", "Unexpected character '#'", 6)]
    [InlineData("archived > true", "'>' needs a number or a string", 12)]
    [InlineData("== 3", "Expected a key", 1)]
    public void Parse_Malformed_ErrorPointsAtColumn(string filter, string message, int column)
    {
        var error = Assert.Throws<FilterSyntaxException>(() => FilterExpression.Parse(filter));

        Assert.Contains(message, error.Message);
        Assert.Equal(column, error.Column);
        Assert.EndsWith($"(column {column})", error.Message);
    }
}
