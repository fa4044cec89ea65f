using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Workbench.Training.Models.Llama;

/// <summary>
/// RMSNorm (Zhang &amp; Sennrich 2019): y = x / √(mean(x²) + ε) · w, with no mean subtraction and no bias. Gemma stores
/// the scale as an offset from one, y = x / √(mean(x²) + ε) · (1 + w), its weight starting at 0.
/// </summary>
public sealed class RmsNorm : Module<Tensor, Tensor>
{
    private readonly Parameter weight;   // (C): starts at 1, or at 0 with a unit offset
    private readonly double eps;
    private readonly bool _unitOffset;

    public RmsNorm(long hiddenSize, double eps, bool unitOffset = false) : base(nameof(RmsNorm))
    {
        weight = Parameter(unitOffset ? zeros(hiddenSize) : ones(hiddenSize));
        this.eps = eps;
        _unitOffset = unitOffset;
        RegisterComponents();
    }

    /// <summary>Whether the scale is (1 + w) (Gemma) rather than w.</summary>
    public bool UnitOffset => _unitOffset;

    // x: (..., C) -> (..., C)
    public override Tensor forward(Tensor x)
    {
        using var square = x.square();
        using var variance = square.mean([-1], keepdim: true);      // (..., 1)
        using var shifted = variance.add(eps);
        using var rstd = shifted.rsqrt();
        using var normed = x.mul(rstd);
        if (!_unitOffset) return weight.mul(normed);
        using var scale = weight.add(1.0);                            // 1 + w
        return normed.mul(scale);
    }
}
