using static TorchSharp.torch;

namespace Workbench.Training.Models;

/// <summary>
/// The logits of one forward pass and the intermediate tensors a <see cref="FeatureRequest"/> asked for, from
/// <see cref="ICausalLanguageModel.ForwardWithFeatures"/>. The tensors keep their autograd graph (run the teacher
/// under <c>no_grad()</c>). Disposing frees all of them; inside a dispose scope the scope does it too.
/// </summary>
public sealed class FeatureCapture : IDisposable
{
    private FeatureCapture(Tensor logits, IReadOnlyList<Tensor> hiddenStates, IReadOnlyList<Tensor> attentions, IReadOnlyList<Tensor> values)
    {
        Logits = logits;
        HiddenStates = hiddenStates;
        Attentions = attentions;
        Values = values;
    }

    /// <summary>A capture of the given tensors, which it now owns: a plain forward's logits, or features from elsewhere.</summary>
    public static FeatureCapture Of(Tensor logits, IReadOnlyList<Tensor>? hiddenStates = null,
                                    IReadOnlyList<Tensor>? attentions = null, IReadOnlyList<Tensor>? values = null) =>
        new(logits, hiddenStates ?? [], attentions ?? [], values ?? []);

    /// <summary>Logits (B, T, V), equal to those of a plain forward pass.</summary>
    public Tensor Logits { get; }

    /// <summary>
    /// Layers + 1 tensors (B, T, C) when requested, else empty, in Hugging Face's <c>hidden_states</c> layout:
    /// index 0 is the embedding output, index i the output of block i, and the last index (block M) is taken after
    /// the final norm, i.e. the features the head reads.
    /// </summary>
    public IReadOnlyList<Tensor> HiddenStates { get; }

    /// <summary>One tensor (B, nh, T, T) per layer when requested, else empty: softmax rows, zero above the diagonal.</summary>
    public IReadOnlyList<Tensor> Attentions { get; }

    /// <summary>One tensor (B, nh, T, hs) per layer when requested, else empty; grouped kv heads are repeated to nh.</summary>
    public IReadOnlyList<Tensor> Values { get; }

    /// <summary>
    /// The layout of the packed rows this pass ran (<see cref="PackedLayout"/>), so terms that relate positions to each other
    /// (value relations) keep each sample apart; null for plain rows. Not owned: the batch disposes it.
    /// </summary>
    public PackedLayout? Packing { get; private set; }

    private IEnumerable<Tensor> All => [Logits, .. HiddenStates, .. Attentions, .. Values];

    /// <summary>The same features with other logits (a narrower vocabulary); this capture's logits are freed.</summary>
    internal FeatureCapture WithLogits(Tensor logits)
    {
        Logits.Dispose();
        return new FeatureCapture(logits, HiddenStates, Attentions, Values) { Packing = Packing };
    }

    /// <summary>This capture, marked as taken over packed rows of <paramref name="layout"/> (null: plain rows).</summary>
    internal FeatureCapture WithPacking(PackedLayout? layout)
    {
        Packing = layout;
        return this;
    }

    /// <summary>Hands every tensor to the enclosing dispose scope (for a teacher forward run in its own scope).</summary>
    public FeatureCapture MoveToOuterDisposeScope()
    {
        foreach (var t in All) t.MoveToOuterDisposeScope();
        return this;
    }

    public void Dispose()
    {
        foreach (var t in All) t.Dispose();
    }

    /// <summary>
    /// Runs <paramref name="forward"/> with capture switched on in <paramref name="layers"/> as requested, and always
    /// off again. <paramref name="forward"/> appends hidden states to the list it is given (null when not requested).
    /// </summary>
    internal static FeatureCapture Run(Func<List<Tensor>?, Tensor> forward, IReadOnlyList<IAttentionProbe> layers, FeatureRequest request)
    {
        var hidden = request.HiddenStates ? new List<Tensor>(layers.Count + 1) : null;
        var attentions = new List<Tensor>();
        var values = new List<Tensor>();
        try
        {
            foreach (var layer in layers)
            {
                layer.CaptureAttention = request.Attention;
                layer.CaptureValues = request.Values;
            }
            var logits = forward(hidden);
            foreach (var layer in layers)
            {
                if (request.Attention) attentions.Add(layer.TakeProbabilities() ?? throw new InvalidOperationException("An attention layer kept no probabilities."));
                if (request.Values) values.Add(layer.TakeValues() ?? throw new InvalidOperationException("An attention layer kept no values."));
            }
            return new FeatureCapture(logits, hidden ?? [], attentions, values);
        }
        catch
        {
            foreach (var t in (hidden ?? []).Concat(attentions).Concat(values)) t.Dispose();
            throw;
        }
        finally
        {
            foreach (var layer in layers)
            {
                layer.CaptureAttention = false;
                layer.CaptureValues = false;
                layer.TakeProbabilities()?.Dispose();   // left over only when the forward pass failed
                layer.TakeValues()?.Dispose();
            }
        }
    }
}
