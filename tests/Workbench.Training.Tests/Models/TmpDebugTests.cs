using Workbench.Training.Models;
using static TorchSharp.torch;
using Xunit.Abstractions;
namespace Workbench.Training.Tests.Models;
public sealed class TmpDebugTests(ITestOutputHelper output)
{
    [Fact]
    public void Debug()
    {
        using var g1 = new Generator(5); using var g2 = new Generator(5);
        var cfg = new GptConfig(2, 2, 32, 16, 24);
        using var a = new Gpt(cfg, g1); using var b = new Gpt(cfg, g2);
        var sb = a.state_dict(); 
        foreach (var (k, v) in b.state_dict()) output.WriteLine($"{k}: {(sb[k].eq(v).all().item<bool>())}");
        using var g3 = new Generator(5); using var g4 = new Generator(5);
        using var x = empty(4); using var y = empty(4);
        nn.init.normal_(x, 0, 1, g3); nn.init.normal_(y, 0, 1, g4);
        output.WriteLine(string.Join(",", x.data<float>().ToArray()) + " | " + string.Join(",", y.data<float>().ToArray()));
    }
}
