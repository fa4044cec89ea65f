using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using TorchSharp.Modules;

namespace Workbench.Training.Models;

/// <summary>One pre-LayerNorm transformer block: x + attn(ln_1(x)), then x + mlp(ln_2(x)).</summary>
public sealed class Block : Module<Tensor, Tensor>
{
    private readonly LayerNorm ln_1;
    private readonly CausalSelfAttention attn;
    private readonly LayerNorm ln_2;
    private readonly Mlp mlp;

    public Block(GptConfig config) : base(nameof(Block))
    {
        ln_1 = LayerNorm(config.Width);
        attn = new CausalSelfAttention(config);
        ln_2 = LayerNorm(config.Width);
        mlp = new Mlp(config);
        RegisterComponents();
    }

    internal CausalSelfAttention Attention => attn;
    internal Mlp FeedForward => mlp;

    // x: (B, T, C) -> (B, T, C)
    public override Tensor forward(Tensor x)
    {
        // Intermediates are disposed as soon as they are used, so a no-grad forward holds one block's activations at a time.
        using var attnIn = ln_1.call(x);
        using var attnOut = attn.call(attnIn);
        using var h = x + attnOut;
        using var mlpIn = ln_2.call(h);
        using var mlpOut = mlp.call(mlpIn);
        return h + mlpOut;
    }
}
