using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Workbench.Training.Models;

/// <summary>
/// A decoder-only language model the trainer can drive without knowing its family (<see cref="Gpt"/>,
/// <see cref="Llama.LlamaForCausalLM"/>). The lower-case members are the ones every TorchSharp module already has.
/// </summary>
public interface ICausalLanguageModel : IDisposable
{
    /// <summary>Rows of the token embedding and columns of the logits (V).</summary>
    int VocabSize { get; }

    /// <summary>Number of transformer blocks.</summary>
    int LayerCount { get; }

    /// <summary>Longest sequence <see cref="call"/> accepts.</summary>
    int ContextLength { get; }

    /// <summary>Number of parameters; a tied head is counted once.</summary>
    long ParameterCount();

    /// <summary>Token ids (B, T) int64 -> logits (B, T, V), running the module's hooks.</summary>
    Tensor call(Tensor idx);

    /// <summary>Token ids (B, T) int64 -> logits (B, T, V).</summary>
    Tensor forward(Tensor idx);

    /// <summary>Token embeddings (B, T) -> (B, T, C), the input of <see cref="ForwardFromEmbeddings"/>.</summary>
    Tensor Embed(Tensor idx);

    /// <summary>
    /// Embeddings (B, T, C) -> logits (B, T, V), so a caller can take gradients w.r.t. the embeddings.
    /// <c>forward(idx)</c> equals <c>ForwardFromEmbeddings(Embed(idx))</c>.
    /// </summary>
    Tensor ForwardFromEmbeddings(Tensor tokenEmbeddings);

    /// <summary>
    /// One forward pass that also keeps every layer's attention probabilities, for a probe batch. Only this call
    /// computes softmax(QKᵀ/√d + causal mask) explicitly; <see cref="call"/> keeps the fused kernel and stores nothing.
    /// Run it under <c>no_grad()</c> unless the probabilities need a graph.
    /// </summary>
    AttentionCapture ForwardWithAttention(Tensor idx);

    /// <summary>
    /// One forward pass that also keeps the intermediate tensors <paramref name="request"/> names (hidden states,
    /// attention probabilities, values), with their autograd graph, for feature distillation. Attention probabilities
    /// switch that pass to explicit attention; values and hidden states cost only the references kept.
    /// <see cref="call"/> stays the fused pass and keeps nothing. Run the teacher's under <c>no_grad()</c>.
    /// </summary>
    FeatureCapture ForwardWithFeatures(Tensor idx, FeatureRequest request);

    /// <summary>Vocabulary, depth, heads and widths, for objectives that compare layers.</summary>
    ModelShape Shape { get; }

    /// <summary>True in train mode (dropout on), as every TorchSharp module reports it.</summary>
    bool training { get; }

    void train(bool on = true);

    void eval();

    IEnumerable<Parameter> parameters(bool recurse = true);
}
