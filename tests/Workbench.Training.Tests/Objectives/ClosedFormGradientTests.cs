using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Objectives;

/// <summary>
/// The closed-form gradients the chunked loss uses (<see cref="IClosedFormGradient"/>) against autograd through the same
/// term's <see cref="IObjective.Compute"/>, in fp64: value and ∂/∂z_S, at several temperatures, with and without T².
/// </summary>
public sealed class ClosedFormGradientTests : TorchTest
{
    public static TheoryData<string, double, bool> Cases => new()
    {
        { "ce", 1.0, true },
        { "forward_kl", 1.0, true },
        { "forward_kl", 2.0, true },
        { "forward_kl", 0.5, false },
        { "forward_kl", 4.0, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MeanAndGradient_EqualsAutogradOfCompute(string kind, double temperature, bool scaleByTemperatureSquared)
    {
        IClosedFormGradient term = kind == "ce" ? new CrossEntropyObjective() : new ForwardKlObjective(temperature, scaleByTemperatureSquared);
        const long n = 11, V = 37;
        using var generator = new Generator(5);
        using var studentRows = randn([n, V], dtype: ScalarType.Float64, generator: generator).mul_(3).requires_grad_();
        using var teacherRows = randn([n, V], dtype: ScalarType.Float64, generator: generator).mul_(3);
        using var targets = randint(0, V, [n], generator: generator);

        using var reference = term.Compute(studentRows.unsqueeze(0), teacherRows.unsqueeze(0), targets.unsqueeze(0));
        using var expected = autograd.grad([reference], [studentRows])[0];
        var (mean, gradient) = term.MeanAndGradient(studentRows, teacherRows, targets);
        using var _mean = mean;
        using var _gradient = gradient;

        Assert.False(mean.requires_grad);
        Assert.Equal(reference.item<double>(), mean.item<double>(), 12);
        Assert.Equal([n, V], gradient.shape);
        Assert.True(gradient.allclose(expected, rtol: 1e-9, atol: 1e-12), $"max |Δ| = {(gradient - expected).abs().max().item<double>()}");
    }

    [Fact]
    public void ForwardKl_TeacherLogitsMinusInfinity_ZeroProbabilityAddsNothingAndNoNaN()
    {
        var term = new ForwardKlObjective(2.0);
        using var generator = new Generator(8);
        using var studentRows = randn([6, 17], dtype: ScalarType.Float64, generator: generator).requires_grad_();
        using var teacherRows = randn([6, 17], dtype: ScalarType.Float64, generator: generator);
        teacherRows.index_fill_(1, tensor(new long[] { 3, 9 }), double.NegativeInfinity);   // masked vocabulary entries: p = 0
        using var targets = randint(0, 17, [6], generator: generator);

        using var reference = ((IObjective)term).Compute(studentRows.unsqueeze(0), teacherRows.unsqueeze(0), targets.unsqueeze(0));
        using var expected = autograd.grad([reference], [studentRows])[0];
        var (mean, gradient) = term.MeanAndGradient(studentRows, teacherRows, targets);
        using var _mean = mean;
        using var _gradient = gradient;

        Assert.True(double.IsFinite(mean.item<double>()));
        Assert.Equal(reference.item<double>(), mean.item<double>(), 12);
        Assert.True(gradient.allclose(expected, rtol: 1e-9, atol: 1e-12));
    }

    [Fact]
    public void MeanAndGradient_Fp32Logits_LeavesTheInputUntouched()
    {
        using var generator = new Generator(6);
        using var studentRows = randn([5, 13], generator: generator);
        using var teacherRows = randn([5, 13], generator: generator);
        using var before = studentRows.clone();
        using var targets = randint(0, 13, [5], generator: generator);
        foreach (IClosedFormGradient term in new IClosedFormGradient[] { new CrossEntropyObjective(), new ForwardKlObjective(2.0) })
        {
            var (mean, gradient) = term.MeanAndGradient(studentRows, teacherRows, targets);
            mean.Dispose();
            gradient.Dispose();
        }
        Assert.True(studentRows.eq(before).all().item<bool>());
    }
}
