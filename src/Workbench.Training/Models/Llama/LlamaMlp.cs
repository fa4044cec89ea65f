using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace Workbench.Training.Models.Llama;

/// <summary>The SwiGLU feed-forward part (Shazeer 2020): down(silu(gate(x)) ⊙ up(x)), C -> I -> C.</summary>
public sealed class LlamaMlp : Module<Tensor, Tensor>
{
    private readonly Linear gate_proj;
    private readonly Linear up_proj;
    private readonly Linear down_proj;

    public LlamaMlp(LlamaConfig config) : base(nameof(LlamaMlp))
    {
        gate_proj = Linear(config.HiddenSize, config.IntermediateSize, hasBias: config.MlpBias);
        up_proj = Linear(config.HiddenSize, config.IntermediateSize, hasBias: config.MlpBias);
        down_proj = Linear(config.IntermediateSize, config.HiddenSize, hasBias: config.MlpBias);
        RegisterComponents();
    }

    // x: (B, T, C) -> (B, T, C)
    public override Tensor forward(Tensor x)
    {
        using var gate = gate_proj.call(x);     // (B, T, I)
        using var act = silu(gate);
        using var up = up_proj.call(x);         // (B, T, I)
        using var h = act.mul(up);
        return down_proj.call(h);
    }
}
