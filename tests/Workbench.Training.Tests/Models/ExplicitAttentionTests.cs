using Workbench.Training.Models;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Models;

public sealed class ExplicitAttentionTests : TorchTest
{
    [Fact]
    public void Compute_RandomInputs_MatchesFusedKernel()
    {
        using var scope = NewDisposeScope();
        var (q, k, v) = (randn(2, 3, 5, 8), randn(2, 3, 5, 8), randn(2, 3, 5, 8));
        var (y, _) = ExplicitAttention.Compute(q, k, v);
        Assert.True(y.allclose(nn.functional.scaled_dot_product_attention(q, k, v, is_casual: true), rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Compute_HandCase_FirstRowAttendsOnlyToItselfSecondRowIsSoftmaxOfScaledScores()
    {
        using var scope = NewDisposeScope();
        var q = tensor(new float[] { 1, 0, 1, 0 }, [1, 1, 2, 2]);          // both queries (1, 0)
        var k = tensor(new float[] { 2, 0, 0, 0 }, [1, 1, 2, 2]);          // keys (2, 0) and (0, 0)
        var v = tensor(new float[] { 1, 0, 0, 1 }, [1, 1, 2, 2]);
        var (y, p) = ExplicitAttention.Compute(q, k, v);
        // row 1: scores (2, 0)/√2 -> softmax (e^√2, 1)/(e^√2 + 1)
        var w = Math.Exp(Math.Sqrt(2)) / (Math.Exp(Math.Sqrt(2)) + 1);
        var probabilities = p.data<float>().ToArray();
        Assert.Equal([1f, 0f], probabilities[..2]);
        Assert.Equal(w, probabilities[2], 5);
        Assert.Equal(1 - w, probabilities[3], 5);
        Assert.Equal(w, y.data<float>()[2], 5);                            // y row 1 = w·(1, 0) + (1 − w)·(0, 1)
    }
}
