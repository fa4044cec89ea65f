using System.Security.Cryptography;
using System.Text;
using Workbench.Training.Data;

namespace Workbench.Training.Tests.Data;

/// <summary>
/// Pins the generated <c>arithmetic</c> problems: checkpoints trained on them are compared against eval splits
/// generated later, so a refactor of the generator must not change a single prompt.
/// </summary>
public sealed class ArithmeticProblemsPinTests
{
    [Fact]
    public void CreateDefault_FirstEvalProblems_ArePinned()
    {
        var data = ArithmeticProblems.CreateDefault();
        Assert.Equal("noah has 4 marbles . he buys 8 more marbles . how many marbles does noah have ? => 12",
                     $"{data.Eval[0].Prompt} => {data.Eval[0].Answer}");
        Assert.Equal("there are 5 books in the box . pete puts 7 more books in the box . how many books are in the box ? => 12",
                     $"{data.Eval[1].Prompt} => {data.Eval[1].Answer}");
        Assert.Equal("finn had 5 stamps . he lost 2 of them . how many stamps does finn have now ? => 3",
                     $"{data.Train[0].Prompt} => {data.Train[0].Answer}");
    }

    [Fact]
    public void CreateDefault_AllProblems_HashIsPinned()
    {
        var data = ArithmeticProblems.CreateDefault();
        Assert.Equal("734B72A72B990FD2", Hash(data.Eval.Concat(data.Train)));
    }

    private static string Hash(IEnumerable<ArithmeticProblem> problems)
    {
        var text = string.Join('\n', problems.Select(p => $"{p.Template}|{p.Prompt}|{p.Answer}|{string.Join(',', p.TokenIds)}"));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }
}
