namespace Workbench.ModelFolders.Decoders;

/// <summary>
/// How one Hugging Face model family departs from Llama's decoder: one record of switches per <c>model_type</c>, read by
/// the modules, so every family runs the same <see cref="LlamaForCausalLM"/> code. The numbers (window, soft caps, RoPE
/// bases) are the config's; these are the fixed shapes of each family's modeling code in transformers.
/// </summary>
/// <param name="ModelType">config.json's <c>model_type</c>.</param>
/// <param name="Architecture">The transformers class written to <c>architectures</c>.</param>
/// <param name="QkvBias">Biases on q, k and v whatever <c>attention_bias</c> says (Qwen2).</param>
/// <param name="ReadsAttentionBias">The family honours <c>attention_bias</c> (biases on q, k, v and o).</param>
/// <param name="ReadsMlpBias">The family honours <c>mlp_bias</c> (Llama).</param>
/// <param name="QkNorm">An RMSNorm over each head of q and of k before the rotation (Qwen3, Gemma 3).</param>
/// <param name="FusedProjections">One <c>qkv_proj</c> and one <c>gate_up_proj</c> matrix instead of three and two (Phi-3).</param>
/// <param name="UnitOffsetNorms">RMSNorm scales by (1 + w), its weight starting at 0 (Gemma).</param>
/// <param name="ScaledEmbeddings">Token embeddings are multiplied by √C before the first layer (Gemma).</param>
/// <param name="SandwichNorms">Each sublayer's output is normed too before it joins the residual stream (Gemma 2, 3).</param>
/// <param name="SoftCapsScores">Attention scores pass through cap·tanh(s / cap) when <c>attn_logit_softcapping</c> is set (Gemma 2; Gemma 3's attention ignores the key).</param>
/// <param name="Activation">The MLP's gate activation: "silu" (SwiGLU) or "gelu_pytorch_tanh" (GeGLU, tanh approximation).</param>
/// <param name="SlidingWindow">Whether the family has sliding-window attention layers (<c>sliding_window</c> is read).</param>
/// <param name="GlobalLayerEvery">
/// Without <c>layer_types</c>: every n-th layer attends globally and the rest in the window (Gemma 2: 2, Gemma 3:
/// <c>sliding_window_pattern</c>); null means every layer uses the window when one is set (Mistral, Phi-3).
/// </param>
/// <param name="DefaultMaxPositions">transformers' default <c>max_position_embeddings</c>.</param>
/// <param name="DefaultHeadDim">transformers' default <c>head_dim</c>; null means C / nh.</param>
/// <param name="DefaultTiedEmbeddings">transformers' default <c>tie_word_embeddings</c>.</param>
public sealed record DecoderFamily(
    string ModelType,
    string Architecture,
    bool QkvBias = false,
    bool ReadsAttentionBias = false,
    bool ReadsMlpBias = false,
    bool QkNorm = false,
    bool FusedProjections = false,
    bool UnitOffsetNorms = false,
    bool ScaledEmbeddings = false,
    bool SandwichNorms = false,
    bool SoftCapsScores = false,
    string Activation = DecoderFamily.Silu,
    bool SlidingWindow = false,
    int? GlobalLayerEvery = null,
    int DefaultMaxPositions = 2048,
    int? DefaultHeadDim = null,
    bool DefaultTiedEmbeddings = false)
{
    public const string Silu = "silu";
    public const string GeluTanh = "gelu_pytorch_tanh";

    public static DecoderFamily Llama { get; } = new("llama", "LlamaForCausalLM", ReadsAttentionBias: true, ReadsMlpBias: true);

    public static DecoderFamily Qwen2 { get; } = new("qwen2", "Qwen2ForCausalLM", QkvBias: true, DefaultMaxPositions: 32768);

    public static DecoderFamily Qwen3 { get; } = new("qwen3", "Qwen3ForCausalLM", ReadsAttentionBias: true, QkNorm: true,
                                                      DefaultMaxPositions: 32768, DefaultHeadDim: 128);

    public static DecoderFamily Mistral { get; } = new("mistral", "MistralForCausalLM", SlidingWindow: true, DefaultMaxPositions: 4096 * 32);

    public static DecoderFamily Phi3 { get; } = new("phi3", "Phi3ForCausalLM", FusedProjections: true, SlidingWindow: true, DefaultMaxPositions: 4096);

    public static DecoderFamily Gemma2 { get; } = new("gemma2", "Gemma2ForCausalLM", ReadsAttentionBias: true, UnitOffsetNorms: true,
                                                       ScaledEmbeddings: true, SandwichNorms: true, SoftCapsScores: true, Activation: GeluTanh,
                                                       SlidingWindow: true, GlobalLayerEvery: 2, DefaultMaxPositions: 8192, DefaultHeadDim: 256, DefaultTiedEmbeddings: true);

    public static DecoderFamily Gemma3 { get; } = new("gemma3_text", "Gemma3ForCausalLM", ReadsAttentionBias: true, QkNorm: true,
                                                       UnitOffsetNorms: true, ScaledEmbeddings: true, SandwichNorms: true, Activation: GeluTanh,
                                                       SlidingWindow: true, GlobalLayerEvery: 6, DefaultMaxPositions: 131072, DefaultHeadDim: 256,
                                                       DefaultTiedEmbeddings: true);

    /// <summary>Every supported family, in the order error messages list them.</summary>
    public static IReadOnlyList<DecoderFamily> All { get; } = [Llama, Qwen2, Qwen3, Mistral, Phi3, Gemma2, Gemma3];

    /// <summary>The family of <paramref name="modelType"/>, or null when it is not supported.</summary>
    public static DecoderFamily? Find(string? modelType) => All.FirstOrDefault(f => f.ModelType == modelType);
}
