using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Workbench.Training.Models.Llama;

/// <summary>RMSNorm (Zhang &amp; Sennrich 2019): y = x / √(mean(x²) + ε) · weight, with no mean subtraction and no bias.</summary>
public sealed class RmsNorm : Module<Tensor, Tensor>
{
    private readonly Parameter weight;   // (C), starts at 1
    private readonly double eps;

    public RmsNorm(long hiddenSize, double eps) : base(nameof(RmsNorm))
    {
        weight = Parameter(ones(hiddenSize));
        this.eps = eps;
        RegisterComponents();
    }

    // x: (..., C) -> (..., C)
    public override Tensor forward(Tensor x)
    {
        using var square = x.square();
        using var variance = square.mean([-1], keepdim: true);      // (..., 1)
        using var shifted = variance.add(eps);
        using var rstd = shifted.rsqrt();
        using var normed = x.mul(rstd);
        return weight.mul(normed);
    }
}
