using TorchSharp;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Shared;

/// <summary>Compares autograd gradients with central finite differences, in double precision.</summary>
public static class GradientCheck
{
    /// <summary>
    /// Asserts that the gradient of the scalar <paramref name="f"/> at <paramref name="x"/> (fp64) matches
    /// <c>(f(x + h·e_i) − f(x − h·e_i)) / 2h</c> for every element, within <paramref name="relativeTolerance"/>
    /// (plus an absolute floor for gradients near 0). With h = 1e-5 both the truncation and the rounding error are ~1e-11.
    /// </summary>
    public static void AssertMatchesFiniteDifferences(Func<Tensor, Tensor> f, Tensor x, double h = 1e-5,
                                                      double relativeTolerance = 1e-6, double absoluteTolerance = 1e-9)
    {
        Assert.Equal(ScalarType.Float64, x.dtype);
        using var leaf = x.detach().clone().requires_grad_(true);
        using (var loss = f(leaf)) loss.backward();
        var analytic = leaf.grad!.data<double>().ToArray();

        var point = x.data<double>().ToArray();
        double At(int i, double delta)
        {
            var moved = (double[])point.Clone();
            moved[i] += delta;
            using var input = tensor(moved, x.shape);
            using var _ = no_grad();
            using var value = f(input);
            return value.ToDouble();
        }

        for (var i = 0; i < point.Length; i++)
        {
            var numeric = (At(i, h) - At(i, -h)) / (2 * h);
            var tolerance = relativeTolerance * Math.Max(Math.Abs(numeric), Math.Abs(analytic[i])) + absoluteTolerance;
            Assert.True(Math.Abs(numeric - analytic[i]) <= tolerance,
                $"Element {i}: autograd {analytic[i]:R}, finite difference {numeric:R}.");
        }
    }
}
