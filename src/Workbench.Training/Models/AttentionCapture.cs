using static TorchSharp.torch;

namespace Workbench.Training.Models;

/// <summary>
/// The logits of one forward pass and the attention probabilities of every layer, from
/// <see cref="ICausalLanguageModel.ForwardWithAttention"/>. Disposing frees all of them.
/// </summary>
public sealed class AttentionCapture : IDisposable
{
    private AttentionCapture(Tensor logits, IReadOnlyList<Tensor> probabilities)
    {
        Logits = logits;
        Probabilities = probabilities;
    }

    /// <summary>Logits (B, T, V), equal to those of a plain forward pass.</summary>
    public Tensor Logits { get; }

    /// <summary>
    /// One tensor per layer, (B, nh, T, T): row t is head h's softmax over key positions ≤ t (zero above the
    /// diagonal), before dropout.
    /// </summary>
    public IReadOnlyList<Tensor> Probabilities { get; }

    public void Dispose()
    {
        Logits.Dispose();
        foreach (var p in Probabilities) p.Dispose();
    }

    /// <summary>The same probabilities with other logits (a narrower vocabulary); this capture's logits are freed.</summary>
    internal AttentionCapture WithLogits(Tensor logits)
    {
        Logits.Dispose();
        return new AttentionCapture(logits, Probabilities);
    }

    /// <summary>Switches capture on in <paramref name="layers"/> for one call of <paramref name="forward"/>, and always off again.</summary>
    internal static AttentionCapture Run(Func<Tensor> forward, IReadOnlyList<IAttentionProbe> layers)
    {
        var probabilities = new List<Tensor>(layers.Count);
        try
        {
            foreach (var layer in layers) layer.CaptureAttention = true;
            var logits = forward();
            foreach (var layer in layers)
                probabilities.Add(layer.TakeProbabilities() ?? throw new InvalidOperationException("An attention layer kept no probabilities."));
            return new AttentionCapture(logits, probabilities);
        }
        catch
        {
            foreach (var p in probabilities) p.Dispose();
            throw;
        }
        finally
        {
            foreach (var layer in layers)
            {
                layer.CaptureAttention = false;
                layer.TakeProbabilities()?.Dispose();   // left over only when the forward pass failed
            }
        }
    }
}
