using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Workbench.Training.Models.Generation;

/// <summary>Picks one next token per row from last-position logits (B, V): argmax, or a temperature / top-k / top-p draw.</summary>
public static class TokenSampler
{
    // logits: (B, V) -> token ids (B) int64
    public static Tensor Next(Tensor logits, SamplingSettings settings, Generator? generator)
    {
        if (settings.IsGreedy) return logits.argmax(1);
        using var scope = NewDisposeScope();
        var probs = Distribution(logits, settings);                                      // (B, V)
        return multinomial(probs, 1, generator: generator).squeeze(1).MoveToOuterDisposeScope();
    }

    /// <summary>The distribution a draw is taken from, (B, V): softmax(logits/τ) with the tokens outside top-k and top-p at 0.</summary>
    public static Tensor Distribution(Tensor logits, SamplingSettings settings)
    {
        settings.Validate();
        if (settings.IsGreedy) throw new ArgumentException("Greedy decoding draws nothing.", nameof(settings));
        using var scope = NewDisposeScope();
        var V = logits.shape[^1];
        var scaled = logits.to(ScalarType.Float32).div(settings.Temperature);                         // (B, V)
        if (settings.TopK > 0 && settings.TopK < V)
        {
            var kth = scaled.topk(settings.TopK, dim: 1).values.narrow(1, settings.TopK - 1, 1);     // (B, 1)
            scaled = scaled.masked_fill(scaled.lt(kth), double.NegativeInfinity);
        }
        if (settings.TopP < 1)
        {
            var (sorted, order) = scaled.sort(1, descending: true);                                   // (B, V) each
            var p = softmax(sorted, 1);
            var before = p.cumsum(1) - p;                                                             // mass of the more likely tokens
            var outside = before.ge(settings.TopP);                                                   // the first token is always kept
            var dropped = sorted.masked_fill(outside, double.NegativeInfinity);
            scaled = full_like(scaled, double.NegativeInfinity).scatter(1, order, dropped);
        }
        return softmax(scaled, 1).MoveToOuterDisposeScope();
    }
}
