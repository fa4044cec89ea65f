using Workbench.Training.Models;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Models;

public sealed class GreedyDecoderTests : TorchTest
{
    private static Gpt Model()
    {
        using var generator = new Generator(9);
        var model = new Gpt(new GptConfig(1, 2, 16, 12, 10), generator);
        model.eval();
        return model;
    }

    [Fact]
    public void Generate_PromptsOfDifferentLengths_SameAsOneByOne()
    {
        using var model = Model();
        int[][] prompts = [[1, 2, 3], [4], [5, 6, 7, 8, 9]];
        var batched = GreedyDecoder.Generate(model, prompts, maxNewTokens: 4, eosId: 3, padId: 0);
        for (var i = 0; i < prompts.Length; i++)
            Assert.Equal(GreedyDecoder.Generate(model, [prompts[i]], 4, 3, 0)[0], batched[i]);
    }

    [Fact]
    public void Generate_EachStep_AppendsArgmaxOfLastPosition()
    {
        using var model = Model();
        var generated = GreedyDecoder.Generate(model, [[1, 2]], maxNewTokens: 1, eosId: -1, padId: 0);
        using var _ = no_grad();
        using var idx = tensor(new long[] { 1, 2 }, [1, 2]);
        using var logits = model.call(idx);
        Assert.Equal((int)logits[0, 1].argmax().item<long>(), Assert.Single(generated[0]));
    }

    [Fact]
    public void Generate_NoEos_StopsAtMaxNewTokens()
    {
        using var model = Model();
        var generated = GreedyDecoder.Generate(model, [[1], [2, 3]], maxNewTokens: 3, eosId: -1, padId: 0);
        Assert.All(generated, g => Assert.Equal(3, g.Length));
    }
}
