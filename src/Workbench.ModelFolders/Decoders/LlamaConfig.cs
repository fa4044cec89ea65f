namespace Workbench.ModelFolders.Decoders;

/// <summary>
/// Every hyperparameter of a <see cref="LlamaForCausalLM"/>: the fields of a Hugging Face <c>config.json</c> for
/// one of the <see cref="DecoderFamily.All"/> model types, in PascalCase (<c>hidden_size</c> is <see cref="HiddenSize"/>).
/// </summary>
/// <param name="ModelType">A <see cref="DecoderFamily"/>'s model_type ("llama", "qwen2", "qwen3", "mistral", "phi3", "gemma2", "gemma3_text").</param>
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
/// <param name="SlidingWindow">Keys a sliding-window layer attends to: its own position and the W − 1 before it; null for none.</param>
/// <param name="LayerTypes">"sliding_attention" or "full_attention" per layer; null derives them from the family (see <see cref="IsSlidingLayer"/>).</param>
/// <param name="SlidingWindowPattern">Gemma 3: every n-th layer is global, the rest slide; null for the family's default.</param>
/// <param name="QueryPreAttnScalar">Gemma: scores are scaled by this^(−1/2) instead of hs^(−1/2).</param>
/// <param name="AttnLogitSoftcapping">Gemma 2: scores pass through cap·tanh(s / cap) before the mask; null for none.</param>
/// <param name="FinalLogitSoftcapping">Gemma 2: logits pass through cap·tanh(z / cap); null for none.</param>
/// <param name="RopeLocalBaseFreq">Gemma 3: the RoPE base of the sliding-window layers (no scaling); the global ones use RopeTheta.</param>
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
    string TorchDType = "float32",
    int? SlidingWindow = null,
    ValueList<string>? LayerTypes = null,
    int? SlidingWindowPattern = null,
    double? QueryPreAttnScalar = null,
    double? AttnLogitSoftcapping = null,
    double? FinalLogitSoftcapping = null,
    double? RopeLocalBaseFreq = null)
{
    public const string Llama = "llama";
    public const string Qwen2 = "qwen2";
    public const string Qwen3 = "qwen3";
    public const string Mistral = "mistral";
    public const string Phi3 = "phi3";
    public const string Gemma2 = "gemma2";
    public const string Gemma3 = "gemma3_text";
    public const string SlidingAttention = "sliding_attention";
    public const string FullAttention = "full_attention";

    /// <summary>The <c>model_type</c> values this decoder implements.</summary>
    public static IReadOnlyList<string> SupportedModelTypes { get; } = [.. DecoderFamily.All.Select(f => f.ModelType)];

    /// <summary>The Hugging Face class name ("LlamaForCausalLM", "Gemma2ForCausalLM", ...), written to <c>architectures</c>.</summary>
    public string Architecture => DecoderFamily.Find(ModelType)?.Architecture ?? $"unsupported model type '{ModelType}'";

    /// <summary>The Hugging Face class name of a supported <paramref name="modelType"/>.</summary>
    public static string ArchitectureFor(string modelType) => (DecoderFamily.Find(modelType) ?? throw UnsupportedModelType(modelType)).Architecture;

    /// <summary>The switches of this config's family; throws naming an unsupported model type.</summary>
    public DecoderFamily Family => DecoderFamily.Find(ModelType) ?? throw UnsupportedModelType(ModelType);

    /// <summary>
    /// Whether layer <paramref name="layer"/> attends within <see cref="SlidingWindow"/>: as <see cref="LayerTypes"/> says, else
    /// every layer but each n-th (<see cref="DecoderFamily.GlobalLayerEvery"/>), as transformers builds <c>layer_types</c>.
    /// </summary>
    public bool IsSlidingLayer(int layer)
    {
        if (SlidingWindow is null || !Family.SlidingWindow) return false;
        if (LayerTypes is not null) return LayerTypes[layer] == SlidingAttention;
        var every = SlidingWindowPattern ?? Family.GlobalLayerEvery;
        return every is not { } n || (layer + 1) % n != 0;
    }

    /// <summary>The factor scores q·k are multiplied by: query_pre_attn_scalar^(−1/2) (Gemma), else hs^(−1/2).</summary>
    public double AttentionScale => 1.0 / Math.Sqrt(QueryPreAttnScalar ?? HeadSize);

    /// <summary>Size of one attention head (hs).</summary>
    public int HeadSize => HeadDim ?? (NumAttentionHeads > 0 ? HiddenSize / NumAttentionHeads : 0);

    /// <summary>The sizes feature objectives and the compatibility check read, without building the model.</summary>
    public ModelShape Shape => new(VocabSize, NumHiddenLayers, NumAttentionHeads, HiddenSize, HeadSize);

    internal bool QkvBias => Family.QkvBias || (Family.ReadsAttentionBias && AttentionBias);
    internal bool OutputBias => !Family.QkvBias && Family.ReadsAttentionBias && AttentionBias;
    internal bool MlpBiases => Family.ReadsMlpBias && MlpBias;

    /// <summary>Parameters of the model this config builds, without building it (a tied head counted once).</summary>
    public long ParameterCount()
    {
        long C = HiddenSize, V = VocabSize, I = IntermediateSize, hs = HeadSize, q = NumAttentionHeads * hs, kv = NumKeyValueHeads * hs;
        var attention = C * q + 2 * C * kv + q * C + (QkvBias ? q + 2 * kv : 0) + (OutputBias ? C : 0) + (Family.QkNorm ? 2 * hs : 0);
        var mlp = 3 * C * I + (MlpBiases ? 2 * I + C : 0);
        var layer = attention + mlp + (Family.SandwichNorms ? 4 : 2) * C;   // input and post-attention norms (+ the feed-forward pair)
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
        if (SlidingWindow is < 1) throw new ArgumentException($"sliding_window must be at least 1 (got {SlidingWindow}).");
        if (SlidingWindowPattern is < 1) throw new ArgumentException($"sliding_window_pattern must be at least 1 (got {SlidingWindowPattern}).");
        if (LayerTypes is not null && LayerTypes.Count != NumHiddenLayers)
            throw new ArgumentException($"layer_types has {LayerTypes.Count} entries for {NumHiddenLayers} layers.");
        if (LayerTypes?.FirstOrDefault(t => t is not SlidingAttention and not FullAttention) is { } type)
            throw new NotSupportedException($"Layer type '{type}' is not supported; supported: {SlidingAttention}, {FullAttention}.");
        if (QueryPreAttnScalar is { } scalar && !(scalar > 0)) throw new ArgumentException($"query_pre_attn_scalar must be positive (got {scalar}).");
        if (AttnLogitSoftcapping is { } attnCap && !(attnCap > 0)) throw new ArgumentException($"attn_logit_softcapping must be positive (got {attnCap}).");
        if (FinalLogitSoftcapping is { } finalCap && !(finalCap > 0)) throw new ArgumentException($"final_logit_softcapping must be positive (got {finalCap}).");
        if (RopeLocalBaseFreq is { } local && !(local > 0)) throw new ArgumentException($"rope_local_base_freq must be positive (got {local}).");
        RopeScaling?.Validate();
    }

    internal static NotSupportedException UnsupportedModelType(string? modelType) =>
        new($"Model type '{modelType}' is not supported; supported: {string.Join(", ", SupportedModelTypes)}.");

    private static void Positive(int value, string name)
    {
        if (value < 1) throw new ArgumentException($"{name} must be at least 1 (got {value}).");
    }
}
