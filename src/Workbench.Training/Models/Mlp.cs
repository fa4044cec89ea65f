using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Workbench.Training.Models;

/// <summary>The block's feed-forward part: C -> 4C -> GELU -> C (nanoGPT's <c>MLP</c>).</summary>
public sealed class Mlp : Module<Tensor, Tensor>
{
    private readonly Linear c_fc;
    private readonly GELU gelu;
    private readonly Linear c_proj;
    private readonly Dropout dropout;

    public Mlp(GptConfig config) : base(nameof(Mlp))
    {
        c_fc = Linear(config.Width, 4 * config.Width);
        gelu = GELU();
        c_proj = Linear(4 * config.Width, config.Width);
        dropout = Dropout(config.Dropout);
        RegisterComponents();
    }

    /// <summary>The output projection, which GPT-2 initialises with a smaller standard deviation.</summary>
    internal Linear OutputProjection => c_proj;

    // x: (B, T, C) -> (B, T, C)
    public override Tensor forward(Tensor x)
    {
        using var h = c_fc.call(x);      // (B, T, 4C)
        using var a = gelu.call(h);      // (B, T, 4C)
        return dropout.call(c_proj.call(a));
    }
}
