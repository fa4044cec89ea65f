using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.ModelFolders.Decoders;

namespace Workbench.ModelFolders;

/// <summary>
/// Reads and writes a Hugging Face <c>config.json</c> for the Llama-like families (<see cref="DecoderFamily.All"/>: Llama,
/// Qwen2, Qwen3, Mistral, Phi-3, Gemma 2, Gemma 3), with each family's own keys.
/// Reads both the classic <c>rope_theta</c>/<c>rope_scaling</c> keys and transformers 5's <c>rope_parameters</c>,
/// and <c>torch_dtype</c> or <c>dtype</c>.
/// </summary>
public static class HuggingFaceConfig
{
    public const string FileName = "config.json";

    // Keys this class writes from a LlamaConfig; a base config's values for them are replaced or dropped.
    // layer_types lists one entry per layer of the base model, so it cannot be carried to another depth.
    private static readonly string[] s_ownedKeys =
    [
        "architectures", "model_type", "vocab_size", "hidden_size", "intermediate_size", "num_hidden_layers",
        "num_attention_heads", "num_key_value_heads", "max_position_embeddings", "rms_norm_eps", "rope_theta",
        "rope_scaling", "rope_parameters", "tie_word_embeddings", "head_dim", "attention_bias", "mlp_bias",
        "hidden_act", "torch_dtype", "dtype", "layer_types", "hidden_activation", "query_pre_attn_scalar", "attn_logit_softcapping",
        "final_logit_softcapping", "sliding_window_pattern", "rope_local_base_freq", "partial_rotary_factor",
    ];

    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    /// <summary>The config of the model folder <paramref name="directory"/>.</summary>
    public static LlamaConfig Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"'{directory}' has no {FileName}.", path);
        return Parse(SafeFolderFile.ReadAllText(path, SafeFolderFile.MaxConfigBytes), path);
    }

    /// <summary>
    /// Parses config.json text. Throws <see cref="NotSupportedException"/> naming an unsupported model type,
    /// architecture, activation or RoPE scaling, and <see cref="InvalidDataException"/> naming a missing key.
    /// Keys a family's config class has defaults for (Gemma's soft caps, Qwen3's head_dim) take transformers' default when absent.
    /// </summary>
    public static LlamaConfig Parse(string json, string source = FileName)
    {
        JsonNode? parsed;
        try { parsed = JsonNode.Parse(json); }
        catch (JsonException) { throw new InvalidDataException($"'{source}' is not valid JSON."); }   // its message would quote the text
        var root = parsed as JsonObject ?? throw new InvalidDataException($"'{source}' is not a JSON object.");
        var modelType = root["model_type"]?.GetValue<string>()
            ?? throw new InvalidDataException($"'{source}' has no model_type, so its architecture is unknown.");
        var architectures = root["architectures"] is JsonArray a ? a.Select(n => n?.GetValue<string>() ?? "").ToArray() : [];
        if (DecoderFamily.Find(modelType) is not { } family)
        {
            var named = architectures.Length > 0 ? $" ({string.Join(", ", architectures)})" : "";
            throw new NotSupportedException($"Model type '{modelType}'{named} in '{source}' is not supported; supported: {string.Join(", ", LlamaConfig.SupportedModelTypes)}.");
        }
        foreach (var architecture in architectures)
            if (architecture != family.Architecture)
                throw new NotSupportedException($"Architecture '{architecture}' in '{source}' is not supported; a {modelType} model must be {family.Architecture}.");
        var hiddenAct = (root["hidden_activation"] ?? root["hidden_act"])?.GetValue<string>();
        if (hiddenAct is not null && hiddenAct != family.Activation)
            throw new NotSupportedException($"hidden_act '{hiddenAct}' in '{source}' is not supported; a {modelType} model uses {family.Activation}.");
        if (root["use_sliding_window"]?.GetValue<bool>() == true)
            throw new NotSupportedException($"'{source}' enables sliding-window attention (use_sliding_window), which is not supported for {modelType}.");
        if (root["use_bidirectional_attention"]?.GetValue<bool>() == true)
            throw new NotSupportedException($"'{source}' enables bidirectional attention (use_bidirectional_attention); only causal decoders are supported.");
        if (OptionalDouble(root, "partial_rotary_factor") is { } partial && partial != 1)
            throw new NotSupportedException($"partial_rotary_factor {partial.ToString(CultureInfo.InvariantCulture)} in '{source}' is not supported; only full rotations are.");

        var (globalRope, localRope) = RopeParameters(root);
        var hidden = RequiredInt(root, "hidden_size", source);
        var heads = RequiredInt(root, "num_attention_heads", source);
        var maxPositions = OptionalInt(root, "max_position_embeddings") ?? family.DefaultMaxPositions;
        var config = new LlamaConfig(
            ModelType: modelType,
            VocabSize: RequiredInt(root, "vocab_size", source),
            HiddenSize: hidden,
            IntermediateSize: RequiredInt(root, "intermediate_size", source),
            NumHiddenLayers: RequiredInt(root, "num_hidden_layers", source),
            NumAttentionHeads: heads,
            NumKeyValueHeads: OptionalInt(root, "num_key_value_heads") ?? heads,
            MaxPositionEmbeddings: maxPositions,
            RmsNormEps: OptionalDouble(root, "rms_norm_eps") ?? 1e-6,
            RopeTheta: OptionalDouble(root, "rope_theta") ?? (globalRope is null ? null : OptionalDouble(globalRope, "rope_theta")) ?? (family == DecoderFamily.Gemma3 ? 1_000_000 : 10_000),
            RopeScaling: ParseRopeScaling(root["rope_scaling"] as JsonObject ?? globalRope, root, maxPositions),
            TieWordEmbeddings: root["tie_word_embeddings"]?.GetValue<bool>() ?? family.DefaultTiedEmbeddings,
            HeadDim: OptionalInt(root, "head_dim") ?? family.DefaultHeadDim,
            AttentionBias: family.ReadsAttentionBias && (root["attention_bias"]?.GetValue<bool>() ?? false),
            MlpBias: family.ReadsMlpBias && (root["mlp_bias"]?.GetValue<bool>() ?? false),
            TorchDType: (root["torch_dtype"] ?? root["dtype"])?.GetValue<string>() ?? "float32");
        if (family.SlidingWindow)
            config = config with
            {
                // Absent, MistralConfig and the Gemma configs default to 4096, Phi3Config to none.
                SlidingWindow = root.ContainsKey("sliding_window") ? OptionalInt(root, "sliding_window") : family == DecoderFamily.Phi3 ? null : 4096,
                LayerTypes = root["layer_types"] is JsonArray types ? new ValueList<string>(types.Select(t => t?.GetValue<string>() ?? "")) : null,
            };
        if (family.UnitOffsetNorms)      // Gemma 2 and 3
            config = config with
            {
                QueryPreAttnScalar = OptionalDouble(root, "query_pre_attn_scalar") ?? 256,
                AttnLogitSoftcapping = NullableDouble(root, "attn_logit_softcapping", family == DecoderFamily.Gemma2 ? 50.0 : null),
                FinalLogitSoftcapping = NullableDouble(root, "final_logit_softcapping", family == DecoderFamily.Gemma2 ? 30.0 : null),
            };
        if (family == DecoderFamily.Gemma3)
            config = config with
            {
                SlidingWindowPattern = OptionalInt(root, "sliding_window_pattern") ?? 6,
                RopeLocalBaseFreq = OptionalDouble(root, "rope_local_base_freq") ?? (localRope is null ? null : OptionalDouble(localRope, "rope_theta")) ?? 10_000,
            };
        // A head_dim equal to the default carries no information; dropping it keeps configs that differ only there equal.
        if (heads > 0 && config.HeadDim == hidden / heads && hidden % heads == 0) config = config with { HeadDim = null };
        config.Validate();
        return config;
    }

    /// <summary>
    /// The config.json object for <paramref name="config"/>, with keys sorted as transformers writes them. Keys of
    /// <paramref name="baseConfig"/> that the config does not describe (bos/eos ids, initializer_range, ...) are kept.
    /// </summary>
    public static JsonObject ToJson(LlamaConfig config, JsonObject? baseConfig = null)
    {
        config.Validate();
        var family = config.Family;
        var keys = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (baseConfig is not null)
            foreach (var (key, value) in baseConfig)
                if (!s_ownedKeys.Contains(key)) keys[key] = value?.DeepClone();
        keys["architectures"] = new JsonArray(config.Architecture);
        keys["model_type"] = config.ModelType;
        keys["vocab_size"] = config.VocabSize;
        keys["hidden_size"] = config.HiddenSize;
        keys["intermediate_size"] = config.IntermediateSize;
        keys["num_hidden_layers"] = config.NumHiddenLayers;
        keys["num_attention_heads"] = config.NumAttentionHeads;
        keys["num_key_value_heads"] = config.NumKeyValueHeads;
        keys["max_position_embeddings"] = config.MaxPositionEmbeddings;
        keys["rms_norm_eps"] = config.RmsNormEps;
        keys["rope_theta"] = config.RopeTheta;
        keys["rope_scaling"] = RopeScalingJson(config.RopeScaling);
        keys["tie_word_embeddings"] = config.TieWordEmbeddings;
        keys["hidden_act"] = family.Activation;
        keys["torch_dtype"] = config.TorchDType;
        // Families whose config class defaults head_dim to something else (Qwen3 128, Gemma 256) always say it.
        if (config.HeadDim is not null || family.DefaultHeadDim is not null) keys["head_dim"] = config.HeadSize;
        if (family.ReadsAttentionBias) keys["attention_bias"] = config.AttentionBias;
        if (family.ReadsMlpBias) keys["mlp_bias"] = config.MlpBias;
        if (family.SlidingWindow) keys["sliding_window"] = config.SlidingWindow;
        if (config.LayerTypes is not null) keys["layer_types"] = new JsonArray([.. config.LayerTypes.Select(t => JsonValue.Create(t))]);
        if (config.RopeScaling?.RopeType == RopeScaling.LongRope) keys["original_max_position_embeddings"] = config.RopeScaling.OriginalMaxPositionEmbeddings;
        if (family.UnitOffsetNorms)
        {
            keys["hidden_activation"] = family.Activation;
            keys["query_pre_attn_scalar"] = config.QueryPreAttnScalar;
            keys["attn_logit_softcapping"] = config.AttnLogitSoftcapping;
            keys["final_logit_softcapping"] = config.FinalLogitSoftcapping;
        }
        if (family == DecoderFamily.Gemma3)
        {
            keys["sliding_window_pattern"] = config.SlidingWindowPattern;
            keys["rope_local_base_freq"] = config.RopeLocalBaseFreq;
        }
        return new JsonObject(keys);
    }

    /// <summary>Writes <see cref="ToJson"/> to <paramref name="directory"/>/config.json, indented as transformers does.</summary>
    public static void Write(string directory, LlamaConfig config, JsonObject? baseConfig = null)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, FileName), ToJson(config, baseConfig).ToJsonString(s_indented) + "\n");
    }

    // transformers 5 keeps theta and scaling in rope_parameters, per layer type for Gemma 3 ("full_attention", "sliding_attention").
    private static (JsonObject? Global, JsonObject? Local) RopeParameters(JsonObject root)
    {
        if (root["rope_parameters"] is not JsonObject parameters) return (null, null);
        if (parameters[LlamaConfig.FullAttention] is JsonObject full) return (full, parameters[LlamaConfig.SlidingAttention] as JsonObject);
        return (parameters, null);
    }

    private static RopeScaling? ParseRopeScaling(JsonObject? node, JsonObject root, int maxPositions)
    {
        if (node is null) return null;
        var type = (node["rope_type"] ?? node["type"])?.GetValue<string>() ?? "default";
        if (type == "default") return null;
        if (type is RopeScaling.LongRope or "su")     // "su" is Phi-3's first name for LongRoPE
        {
            // Phi-3 keeps the pre-training context at the top level and extends by max_position_embeddings / original (transformers' _compute_longrope_parameters).
            var topOriginal = OptionalInt(root, "original_max_position_embeddings");
            var original = topOriginal ?? OptionalInt(node, "original_max_position_embeddings") ?? maxPositions;
            return new RopeScaling(
                RopeScaling.LongRope,
                topOriginal is { } o ? (double)maxPositions / o : OptionalDouble(node, "factor") ?? 1,
                OriginalMaxPositionEmbeddings: original,
                ShortFactor: Factors(node, "short_factor"),
                LongFactor: Factors(node, "long_factor"),
                AttentionFactor: OptionalDouble(node, "attention_factor"));
        }
        return new RopeScaling(
            type,
            OptionalDouble(node, "factor") ?? 1,
            OptionalDouble(node, "low_freq_factor") ?? 1,
            OptionalDouble(node, "high_freq_factor") ?? 4,
            OptionalInt(node, "original_max_position_embeddings") ?? 8192);
    }

    private static ValueList<double>? Factors(JsonObject node, string key) =>
        node[key] is JsonArray values
            ? new ValueList<double>(values.Select(v => v is JsonValue n && n.GetValueKind() == JsonValueKind.Number ? n.GetValue<double>()
                                                       : throw new InvalidDataException($"rope_scaling {key} must hold numbers.")))
            : null;

    private static JsonObject? RopeScalingJson(RopeScaling? s) => s switch
    {
        null => null,
        { RopeType: RopeScaling.Llama3 } => new JsonObject
        {
            ["rope_type"] = s.RopeType,
            ["factor"] = s.Factor,
            ["low_freq_factor"] = s.LowFreqFactor,
            ["high_freq_factor"] = s.HighFreqFactor,
            ["original_max_position_embeddings"] = s.OriginalMaxPositionEmbeddings,
        },
        { RopeType: RopeScaling.LongRope } => LongRopeJson(s),
        _ => new JsonObject { ["rope_type"] = s.RopeType, ["factor"] = s.Factor },
    };

    // Phi-3's layout: "type", both factor lists; the original context goes to the top level.
    private static JsonObject LongRopeJson(RopeScaling s)
    {
        var node = new JsonObject
        {
            ["type"] = s.RopeType,
            ["short_factor"] = new JsonArray([.. s.ShortFactor!.Select(f => JsonValue.Create(f))]),
            ["long_factor"] = new JsonArray([.. s.LongFactor!.Select(f => JsonValue.Create(f))]),
        };
        if (s.AttentionFactor is { } attention) node["attention_factor"] = attention;
        return node;
    }

    private static int RequiredInt(JsonObject node, string key, string source) =>
        OptionalInt(node, key) ?? throw new InvalidDataException($"'{source}' has no {key}.");

    private static int? OptionalInt(JsonObject node, string key)
    {
        var d = OptionalDouble(node, key);
        if (d is null) return null;
        if (d != Math.Floor(d.Value) || d < int.MinValue || d > int.MaxValue)
            throw new InvalidDataException($"{key} must be an integer (got {d.Value.ToString(CultureInfo.InvariantCulture)}).");
        return (int)d.Value;
    }

    // A key that may be present as null (no soft cap), absent (the family's default) or a number.
    private static double? NullableDouble(JsonObject node, string key, double? fallback) =>
        node.ContainsKey(key) ? OptionalDouble(node, key) : fallback;

    private static double? OptionalDouble(JsonObject node, string key) =>
        node[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<double>() : null;
}
