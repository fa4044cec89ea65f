using static TorchSharp.torch;

namespace Workbench.Training.Tests.Shared;

public static class TensorAssert
{
    /// <summary>Same shape and bit-for-bit the same values.</summary>
    public static void Equal(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        Assert.Equal(expected.dtype, actual.dtype);
        using var same = expected.eq(actual);
        using var all = same.all();
        Assert.True(all.item<bool>(), "The tensors differ.");
    }
}
