using Xunit.Sdk;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Shared;

public sealed class GradientCheckTests : TorchTest
{
    [Fact]
    public void AssertMatchesFiniteDifferences_CorrectGradient_Passes()
    {
        using var x = tensor(new[] { 0.3, -1.2, 2.0 });
        GradientCheck.AssertMatchesFiniteDifferences(v => (v * v).sum(), x);
    }

    [Fact]
    public void AssertMatchesFiniteDifferences_HalvedGradient_Fails()
    {
        // Autograd sees d(x·sg(x))/dx = x, half of the true 2x.
        using var x = tensor(new[] { 0.3, -1.2, 2.0 });
        Assert.Throws<TrueException>(() => GradientCheck.AssertMatchesFiniteDifferences(v => (v * v.detach()).sum(), x));
    }
}
