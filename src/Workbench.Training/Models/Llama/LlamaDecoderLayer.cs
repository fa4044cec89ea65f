using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Workbench.Training.Models.Llama;

/// <summary>One pre-norm decoder layer: x + attn(rmsnorm(x)), then x + mlp(rmsnorm(x)).</summary>
public sealed class LlamaDecoderLayer : Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly RmsNorm input_layernorm;
    private readonly LlamaAttention self_attn;
    private readonly RmsNorm post_attention_layernorm;
    private readonly LlamaMlp mlp;

    public LlamaDecoderLayer(LlamaConfig config) : base(nameof(LlamaDecoderLayer))
    {
        input_layernorm = new RmsNorm(config.HiddenSize, config.RmsNormEps);
        self_attn = new LlamaAttention(config);
        post_attention_layernorm = new RmsNorm(config.HiddenSize, config.RmsNormEps);
        mlp = new LlamaMlp(config);
        RegisterComponents();
    }

    internal LlamaAttention Attention => self_attn;

    // x: (B, T, C), cos, sin: (T, hs) -> (B, T, C)
    public override Tensor forward(Tensor x, Tensor cos, Tensor sin)
    {
        using var h = x + self_attn.call(input_layernorm.call(x), cos, sin);
        return h + mlp.call(post_attention_layernorm.call(h));
    }
}
