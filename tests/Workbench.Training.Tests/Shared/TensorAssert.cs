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

    /// <summary>Same shape and every value within <paramref name="atol"/> (plus 1e-5 relative).</summary>
    public static void Close(Tensor expected, Tensor actual, double atol)
    {
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(expected.allclose(actual, rtol: 1e-5, atol: atol), "The tensors differ by more than the tolerance.");
    }
}
