namespace Workbench.Training.Models.Llama;

/// <summary>
/// Every hyperparameter of a <see cref="LlamaForCausalLM"/>: the fields of a Hugging Face <c>config.json</c> for
/// <c>model_type</c> "llama" or "qwen2", in PascalCase (<c>hidden_size</c> is <see cref="HiddenSize"/>).
/// </summary>
/// <param name="ModelType">"llama" or "qwen2"; Qwen2 is Llama with biases on the q, k and v projections.</param>
/// <param name="VocabSize">Rows of the token embedding and columns of the logits (V).</param>
/// <param name="HiddenSize">Width of the residual stream C.</param>
/// <param name="IntermediateSize">Width of the SwiGLU MLP's hidden layer.</param>
/// <param name="NumHiddenLayers">Decoder layers.</param>
/// <param name="NumAttentionHeads">Query heads (nh).</param>
/// <param name="NumKeyValueHeads">Key/value heads (nkv) shared by groups of nh/nkv query heads (grouped-query attention).</param>
/// <param name="MaxPositionEmbeddings">Longest sequence the model was trained for; forward refuses longer ones.</param>
/// <param name="RmsNormEps">ε inside RMSNorm's square root.</param>
/// <param name="RopeTheta">Base of the rotary frequencies θ_i = base^(−2i/d).</param>
/// <param name="RopeScaling">Frequency rescaling for long contexts ("linear" or "llama3"); null for none.</param>
/// <param name="TieWordEmbeddings">When true the head reuses the token embedding and there is no <c>lm_head.weight</c>.</param>
/// <param name="HeadDim">Size of one head; null means HiddenSize / NumAttentionHeads.</param>
/// <param name="AttentionBias">Llama's <c>attention_bias</c>: biases on q, k, v and o projections.</param>
/// <param name="MlpBias">Llama's <c>mlp_bias</c>: biases on the three MLP projections.</param>
/// <param name="TorchDType">The checkpoint's stored dtype ("float32", "float16", "bfloat16"); weights are computed in fp32.</param>
public sealed record LlamaConfig(
    string ModelType,
    int VocabSize,
    int HiddenSize,
    int IntermediateSize,
    int NumHiddenLayers,
    int NumAttentionHeads,
    int NumKeyValueHeads,
    int MaxPositionEmbeddings,
    double RmsNormEps = 1e-6,
    double RopeTheta = 10_000,
    RopeScaling? RopeScaling = null,
    bool TieWordEmbeddings = false,
    int? HeadDim = null,
    bool AttentionBias = false,
    bool MlpBias = false,
    string TorchDType = "float32")
{
    public const string Llama = "llama";
    public const string Qwen2 = "qwen2";

    /// <summary>The <c>model_type</c> values this decoder implements.</summary>
    public static IReadOnlyList<string> SupportedModelTypes { get; } = [Llama, Qwen2];

    /// <summary>The Hugging Face class name ("LlamaForCausalLM", "Qwen2ForCausalLM"), written to <c>architectures</c>.</summary>
    public string Architecture => SupportedModelTypes.Contains(ModelType) ? ArchitectureFor(ModelType) : $"unsupported model type '{ModelType}'";

    /// <summary>The Hugging Face class name of a supported <paramref name="modelType"/>.</summary>
    public static string ArchitectureFor(string modelType) => modelType switch
    {
        Llama => "LlamaForCausalLM",
        Qwen2 => "Qwen2ForCausalLM",
        _ => throw UnsupportedModelType(modelType),
    };

    /// <summary>Size of one attention head (hs).</summary>
    public int HeadSize => HeadDim ?? (NumAttentionHeads > 0 ? HiddenSize / NumAttentionHeads : 0);

    /// <summary>The sizes feature objectives and the compatibility check read, without building the model.</summary>
    public ModelShape Shape => new(VocabSize, NumHiddenLayers, NumAttentionHeads, HiddenSize, HeadSize);

    internal bool QkvBias => ModelType == Qwen2 || AttentionBias;
    internal bool OutputBias => ModelType == Llama && AttentionBias;

    /// <summary>Parameters of the model this config builds, without building it (a tied head counted once).</summary>
    public long ParameterCount()
    {
        long C = HiddenSize, V = VocabSize, I = IntermediateSize, q = (long)NumAttentionHeads * HeadSize, kv = (long)NumKeyValueHeads * HeadSize;
        var attention = C * q + 2 * C * kv + q * C + (QkvBias ? q + 2 * kv : 0) + (OutputBias ? C : 0);
        var mlp = 3 * C * I + (MlpBias ? 2 * I + C : 0);
        var layer = attention + mlp + 2 * C;                         // + input_layernorm and post_attention_layernorm
        return V * C + NumHiddenLayers * layer + C + (TieWordEmbeddings ? 0 : V * C);
    }

    /// <summary>Throws when the shape cannot be built: <see cref="NotSupportedException"/> for an unknown model type or RoPE scaling, else <see cref="ArgumentException"/>.</summary>
    public void Validate()
    {
        if (!SupportedModelTypes.Contains(ModelType)) throw UnsupportedModelType(ModelType);
        Positive(VocabSize, "vocab_size");
        Positive(HiddenSize, "hidden_size");
        Positive(IntermediateSize, "intermediate_size");
        Positive(NumHiddenLayers, "num_hidden_layers");
        Positive(NumAttentionHeads, "num_attention_heads");
        Positive(NumKeyValueHeads, "num_key_value_heads");
        Positive(MaxPositionEmbeddings, "max_position_embeddings");
        if (HeadDim is null && HiddenSize % NumAttentionHeads != 0)
            throw new ArgumentException($"hidden_size ({HiddenSize}) must be a multiple of num_attention_heads ({NumAttentionHeads}).");
        if (HeadSize < 2 || HeadSize % 2 != 0) throw new ArgumentException($"The head size must be even for rotary embeddings (got {HeadSize}).");
        if (NumAttentionHeads % NumKeyValueHeads != 0)
            throw new ArgumentException($"num_attention_heads ({NumAttentionHeads}) must be a multiple of num_key_value_heads ({NumKeyValueHeads}).");
        if (!(RmsNormEps > 0)) throw new ArgumentException($"rms_norm_eps must be positive (got {RmsNormEps}).");
        if (!(RopeTheta > 0)) throw new ArgumentException($"rope_theta must be positive (got {RopeTheta}).");
        RopeScaling?.Validate();
    }

    internal static NotSupportedException UnsupportedModelType(string? modelType) =>
        new($"Model type '{modelType}' is not supported; supported: {string.Join(", ", SupportedModelTypes)}.");

    private static void Positive(int value, string name)
    {
        if (value < 1) throw new ArgumentException($"{name} must be at least 1 (got {value}).");
    }
}
