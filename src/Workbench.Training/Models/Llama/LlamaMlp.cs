using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace Workbench.Training.Models.Llama;

/// <summary>
/// The gated feed-forward part (Shazeer 2020): down(act(gate(x)) ⊙ up(x)), C -> I -> C, with act = SiLU (SwiGLU) or the
/// tanh approximation of GELU (GeGLU, Gemma). Phi-3 keeps gate and up as one matrix, <c>gate_up_proj</c>, gate first.
/// </summary>
public sealed class LlamaMlp : Module<Tensor, Tensor>
{
    private readonly Linear? gate_proj;       // C -> I
    private readonly Linear? up_proj;         // C -> I
    private readonly Linear? gate_up_proj;    // C -> 2I, Phi-3's fused gate and up
    private readonly Linear down_proj;        // I -> C
    private readonly bool _geluTanh;

    public LlamaMlp(LlamaConfig config) : base(nameof(LlamaMlp))
    {
        var (C, I, bias) = (config.HiddenSize, config.IntermediateSize, config.MlpBiases);
        if (config.Family.FusedProjections) gate_up_proj = Linear(C, 2 * I, hasBias: bias);
        else
        {
            gate_proj = Linear(C, I, hasBias: bias);
            up_proj = Linear(C, I, hasBias: bias);
        }
        down_proj = Linear(I, C, hasBias: bias);
        _geluTanh = config.Family.Activation == DecoderFamily.GeluTanh;
        RegisterComponents();
    }

    // x: (B, T, C) -> (B, T, C)
    public override Tensor forward(Tensor x)
    {
        var (gate, up) = GateAndUp(x);                                   // (B, T, I) each
        using (gate)
        using (up)
        {
            using var act = _geluTanh ? GeluTanh(gate) : silu(gate);
            using var h = act.mul(up);
            return down_proj.call(h);
        }
    }

    private (Tensor Gate, Tensor Up) GateAndUp(Tensor x)
    {
        if (gate_up_proj is null) return (gate_proj!.call(x), up_proj!.call(x));
        using var fused = gate_up_proj.call(x);                           // (B, T, 2I)
        var halves = fused.chunk(2, -1);                                  // gate first, as Phi3MLP splits it
        return (halves[0], halves[1]);
    }

    // GELU's tanh approximation (PyTorch's approximate="tanh"): ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
    private static Tensor GeluTanh(Tensor x)
    {
        using var cube = x.pow(3);
        using var inner = x.add(cube, alpha: 0.044715);
        using var scaled = inner.mul(Math.Sqrt(2 / Math.PI));
        using var t = scaled.tanh();
        using var onePlus = t.add(1.0);
        using var half = x.mul(0.5);
        return half.mul(onePlus);
    }
}
