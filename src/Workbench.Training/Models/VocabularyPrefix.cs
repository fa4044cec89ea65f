using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workbench.Training.Models;

/// <summary>
/// A teacher whose logits are cut to the student's first <see cref="VocabSize"/> columns. Models of one family share a tokenizer
/// but pad their embedding to different sizes (Qwen2.5: 151,936 rows for 0.5B–3B, 152,064 for 7B and up); the padded rows are
/// never a token, so comparing distributions over the ids both models have is comparing them over the whole tokenizer.
/// </summary>
public sealed class VocabularyPrefix(ICausalLanguageModel inner, int vocabSize) : IIncrementalDecoder
{
    public int VocabSize { get; } = vocabSize <= inner.VocabSize && vocabSize > 0
        ? vocabSize
        : throw new ArgumentOutOfRangeException(nameof(vocabSize), vocabSize, $"Must be between 1 and the model's {inner.VocabSize} columns.");

    public int LayerCount => inner.LayerCount;
    public int ContextLength => inner.ContextLength;
    public ModelShape Shape => inner.Shape with { VocabSize = VocabSize };
    public bool training => inner.training;

    public long ParameterCount() => inner.ParameterCount();

    public Tensor call(Tensor idx) => Cut(inner.call(idx));

    public Tensor forward(Tensor idx) => Cut(inner.forward(idx));

    public Tensor Embed(Tensor idx) => inner.Embed(idx);

    public Tensor ForwardFromEmbeddings(Tensor tokenEmbeddings) => Cut(inner.ForwardFromEmbeddings(tokenEmbeddings));

    public AttentionCapture ForwardWithAttention(Tensor idx)
    {
        var capture = inner.ForwardWithAttention(idx);
        return capture.WithLogits(Cut(capture.Logits, keepSource: true));
    }

    public FeatureCapture ForwardWithFeatures(Tensor idx, FeatureRequest request)
    {
        var capture = inner.ForwardWithFeatures(idx, request);
        return capture.WithLogits(Cut(capture.Logits, keepSource: true));
    }

    public void train(bool on = true) => inner.train(on);

    public void eval() => inner.eval();

    public IEnumerable<Parameter> parameters(bool recurse = true) => inner.parameters(recurse);

    public KeyValueCache NewCache(long batch, long capacity, Device? device = null) => Incremental.NewCache(batch, capacity, device);

    public Tensor ForwardCached(Tensor idx, Tensor real, KeyValueCache cache) => Cut(Incremental.ForwardCached(idx, real, cache));

    public void Dispose() => inner.Dispose();

    private IIncrementalDecoder Incremental => inner as IIncrementalDecoder
        ?? throw new InvalidOperationException("The wrapped model has no key/value cache.");

    // A copy, not a view, so the full logits can be freed (a capture frees its own when it takes the cut ones).
    private Tensor Cut(Tensor logits, bool keepSource = false)
    {
        if (logits.shape[^1] == VocabSize) return keepSource ? logits.alias() : logits;
        var cut = logits.narrow(-1, 0, VocabSize).contiguous();
        if (!keepSource) logits.Dispose();
        return cut;
    }
}
