using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;

namespace Workbench.Training.Tests;

/// <summary>Proves libLibTorchSharp.so loads on this host (the GLIBCXX patch in Directory.Build.targets).</summary>
public sealed class TorchSharpNativeTests : TorchTest
{
    [Fact]
    public void Matmul_TwoByTwo_ReturnsHandComputedProduct()
    {
        using var a = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        using var b = tensor(new float[] { 5, 6, 7, 8 }, [2, 2]);
        using var c = a.matmul(b);
        // [[1·5 + 2·7, 1·6 + 2·8], [3·5 + 4·7, 3·6 + 4·8]]
        Assert.Equal([19f, 22f, 43f, 50f], c.data<float>().ToArray());
    }
}
