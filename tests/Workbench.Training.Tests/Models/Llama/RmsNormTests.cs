using Workbench.Training.Models.Llama;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Models.Llama;

public sealed class RmsNormTests : TorchTest
{
    [Fact]
    public void Forward_HandCase_DividesByRootMeanSquareAndScales()
    {
        using var norm = new RmsNorm(2, eps: 0);
        using (no_grad()) norm.state_dict()["weight"].copy_(tensor(new float[] { 1, 2 }));
        using var x = tensor(new float[] { 3, 4 }, [1, 1, 2]);
        using var y = norm.call(x);
        // rms = √((9 + 16) / 2) = √12.5; y = (3, 4) / √12.5 · (1, 2)
        var rms = Math.Sqrt(12.5);
        var values = y.data<float>().ToArray();
        Assert.Equal(3 / rms, values[0], 5);
        Assert.Equal(8 / rms, values[1], 5);
    }

    [Fact]
    public void Forward_Epsilon_AddsInsideTheRoot()
    {
        using var norm = new RmsNorm(1, eps: 3);
        using var x = tensor(new float[] { 1 }, [1, 1]);
        using var y = norm.call(x);
        Assert.Equal(0.5, y.item<float>(), 6);     // 1 / √(1 + 3)
    }

    [Fact]
    public void StateDict_Fresh_IsOneWeightOfOnes()
    {
        using var norm = new RmsNorm(4, eps: 1e-6);
        var state = norm.state_dict();
        Assert.Equal(["weight"], state.Keys);
        TensorAssert.Equal(ones(4), state["weight"]);
    }
}
