using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Workbench.Training.Models.Llama;

/// <summary>
/// One pre-norm decoder layer: x + attn(rmsnorm(x)), then x + mlp(rmsnorm(x)). Gemma 2 and 3 norm each sublayer's
/// output too ("sandwich" norms): x + rmsnorm(attn(rmsnorm(x))), then x + rmsnorm(mlp(rmsnorm(x))); there
/// <c>post_attention_layernorm</c> norms the attention output and <c>pre_feedforward_layernorm</c> the MLP input.
/// </summary>
public sealed class LlamaDecoderLayer : Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly RmsNorm input_layernorm;
    private readonly LlamaAttention self_attn;
    private readonly RmsNorm post_attention_layernorm;
    private readonly RmsNorm? pre_feedforward_layernorm;    // sandwich norms only
    private readonly RmsNorm? post_feedforward_layernorm;   // sandwich norms only
    private readonly LlamaMlp mlp;

    public LlamaDecoderLayer(LlamaConfig config, int layer = 0) : base(nameof(LlamaDecoderLayer))
    {
        var (C, eps, unitOffset) = (config.HiddenSize, config.RmsNormEps, config.Family.UnitOffsetNorms);
        input_layernorm = new RmsNorm(C, eps, unitOffset);
        self_attn = new LlamaAttention(config, layer);
        post_attention_layernorm = new RmsNorm(C, eps, unitOffset);
        if (config.Family.SandwichNorms)
        {
            pre_feedforward_layernorm = new RmsNorm(C, eps, unitOffset);
            post_feedforward_layernorm = new RmsNorm(C, eps, unitOffset);
        }
        mlp = new LlamaMlp(config);
        RegisterComponents();
    }

    internal LlamaAttention Attention => self_attn;

    // x: (B, T, C), cos, sin: (T, hs) -> (B, T, C)
    public override Tensor forward(Tensor x, Tensor cos, Tensor sin)
    {
        // Every intermediate is disposed as soon as it is used (autograd keeps what backward needs), so a no-grad
        // forward holds one layer's activations at a time, not all of them until the caller's scope ends.
        using var attnIn = input_layernorm.call(x);
        using var attnOut = self_attn.call(attnIn, cos, sin);
        if (pre_feedforward_layernorm is null || post_feedforward_layernorm is null)
        {
            using var h = x + attnOut;
            using var mlpIn = post_attention_layernorm.call(h);
            using var mlpOut = mlp.call(mlpIn);
            return h + mlpOut;
        }
        using var attnNormed = post_attention_layernorm.call(attnOut);
        using var g = x + attnNormed;
        using var ffIn = pre_feedforward_layernorm.call(g);
        using var ffOut = mlp.call(ffIn);
        using var ffNormed = post_feedforward_layernorm.call(ffOut);
        return g + ffNormed;
    }
}
