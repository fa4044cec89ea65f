using System.Text.Json.Nodes;
using Workbench.Training.Checkpoints;
using Workbench.Training.Models.Llama;

namespace Workbench.Training.Tests.Checkpoints;

/// <summary>The new families' published config.json files read with their config classes' meaning, and what is still refused.</summary>
public sealed class FamilyConfigTests
{
    // Qwen3 0.6B's config.json (head_dim 128 although hidden_size / heads is 64).
    private const string Qwen3Config = """
        {
          "architectures": ["Qwen3ForCausalLM"], "attention_bias": false, "attention_dropout": 0.0, "bos_token_id": 151643,
          "eos_token_id": 151645, "head_dim": 128, "hidden_act": "silu", "hidden_size": 1024, "initializer_range": 0.02,
          "intermediate_size": 3072, "max_position_embeddings": 40960, "max_window_layers": 28, "model_type": "qwen3",
          "num_attention_heads": 16, "num_hidden_layers": 28, "num_key_value_heads": 8, "rms_norm_eps": 1e-06, "rope_scaling": null,
          "rope_theta": 1000000, "sliding_window": null, "tie_word_embeddings": true, "torch_dtype": "bfloat16",
          "transformers_version": "4.51.0", "use_cache": true, "use_sliding_window": false, "vocab_size": 151936
        }
        """;

    // Gemma 2 2B's config.json.
    private const string Gemma2Config = """
        {
          "architectures": ["Gemma2ForCausalLM"], "attention_bias": false, "attention_dropout": 0.0, "attn_logit_softcapping": 50.0,
          "bos_token_id": 2, "cache_implementation": "hybrid", "eos_token_id": 1, "final_logit_softcapping": 30.0, "head_dim": 256,
          "hidden_act": "gelu_pytorch_tanh", "hidden_activation": "gelu_pytorch_tanh", "hidden_size": 2304, "initializer_range": 0.02,
          "intermediate_size": 9216, "max_position_embeddings": 8192, "model_type": "gemma2", "num_attention_heads": 8,
          "num_hidden_layers": 26, "num_key_value_heads": 4, "pad_token_id": 0, "query_pre_attn_scalar": 256, "rms_norm_eps": 1e-06,
          "rope_theta": 10000.0, "sliding_window": 4096, "torch_dtype": "float32", "transformers_version": "4.42.4", "use_cache": true,
          "vocab_size": 256000
        }
        """;

    // Gemma 3 1B's config.json (Gemma3ForCausalLM, text only).
    private const string Gemma3Config = """
        {
          "architectures": ["Gemma3ForCausalLM"], "attention_bias": false, "attention_dropout": 0.0, "attn_logit_softcapping": null,
          "bos_token_id": 2, "cache_implementation": "hybrid", "eos_token_id": [1, 106], "final_logit_softcapping": null, "head_dim": 256,
          "hidden_activation": "gelu_pytorch_tanh", "hidden_size": 1152, "initializer_range": 0.02, "intermediate_size": 6912,
          "max_position_embeddings": 32768, "model_type": "gemma3_text", "num_attention_heads": 4, "num_hidden_layers": 26,
          "num_key_value_heads": 1, "pad_token_id": 0, "query_pre_attn_scalar": 256, "rms_norm_eps": 1e-06, "rope_local_base_freq": 10000,
          "rope_scaling": null, "rope_theta": 1000000, "sliding_window": 512, "sliding_window_pattern": 6, "torch_dtype": "bfloat16",
          "transformers_version": "4.50.0.dev0", "use_cache": true, "vocab_size": 262144
        }
        """;

    // Phi-3 mini 128k's config.json, its 48 searched LongRoPE factors replaced by ones (the shape is what matters here).
    private const string Phi3Config = """
        {
          "architectures": ["Phi3ForCausalLM"], "attention_dropout": 0.0, "bos_token_id": 1, "embd_pdrop": 0.0, "eos_token_id": 32000,
          "hidden_act": "silu", "hidden_size": 3072, "initializer_range": 0.02, "intermediate_size": 8192, "max_position_embeddings": 131072,
          "model_type": "phi3", "num_attention_heads": 32, "num_hidden_layers": 32, "num_key_value_heads": 32,
          "original_max_position_embeddings": 4096, "pad_token_id": 32000, "resid_pdrop": 0.0, "rms_norm_eps": 1e-05,
          "rope_scaling": {"long_factor": [FACTORS], "short_factor": [FACTORS], "type": "su"},
          "rope_theta": 10000.0, "sliding_window": 262144, "tie_word_embeddings": false, "torch_dtype": "bfloat16",
          "transformers_version": "4.40.2", "use_cache": true, "vocab_size": 32064
        }
        """;

    // Mistral 7B v0.1's config.json.
    private const string MistralConfig = """
        {
          "architectures": ["MistralForCausalLM"], "bos_token_id": 1, "eos_token_id": 2, "hidden_act": "silu", "hidden_size": 4096,
          "initializer_range": 0.02, "intermediate_size": 14336, "max_position_embeddings": 32768, "model_type": "mistral",
          "num_attention_heads": 32, "num_hidden_layers": 32, "num_key_value_heads": 8, "rms_norm_eps": 1e-05, "rope_theta": 10000.0,
          "sliding_window": 4096, "tie_word_embeddings": false, "torch_dtype": "bfloat16", "transformers_version": "4.34.0.dev0",
          "use_cache": true, "vocab_size": 32000
        }
        """;

    private static readonly string Ones = string.Join(", ", Enumerable.Repeat("1.0", 48));

    [Theory]
    [InlineData(Qwen3Config, "Qwen3ForCausalLM", 596_049_920L)]       // Qwen3 0.6B
    [InlineData(Gemma2Config, "Gemma2ForCausalLM", 2_614_341_888L)]   // Gemma 2 2B
    [InlineData(Gemma3Config, "Gemma3ForCausalLM", 999_885_952L)]     // Gemma 3 1B
    [InlineData(Phi3Config, "Phi3ForCausalLM", 3_821_079_552L)]       // Phi-3 mini
    [InlineData(MistralConfig, "MistralForCausalLM", 7_241_732_096L)] // Mistral 7B
    public void Parse_PublishedConfig_CountsThePublishedParameters(string json, string architecture, long parameters)
    {
        var config = HuggingFaceConfig.Parse(json.Replace("FACTORS", Ones));
        Assert.Equal(architecture, config.Architecture);
        Assert.Equal(parameters, config.ParameterCount());
    }

    [Fact]
    public void Parse_Gemma2_ReadsScalesCapsAndAlternatingWindows()
    {
        var config = HuggingFaceConfig.Parse(Gemma2Config);
        Assert.Equal((256.0, 50.0, 30.0, 4096, 256), (config.QueryPreAttnScalar, config.AttnLogitSoftcapping, config.FinalLogitSoftcapping, config.SlidingWindow, config.HeadSize));
        Assert.True(config.TieWordEmbeddings);
        Assert.Equal([true, false, true, false], Enumerable.Range(0, 4).Select(config.IsSlidingLayer));
    }

    [Fact]
    public void Parse_Gemma3_ReadsPatternLocalBaseAndNoCaps()
    {
        var config = HuggingFaceConfig.Parse(Gemma3Config);
        Assert.Equal((512, 6, 10_000.0, 1_000_000.0), (config.SlidingWindow, config.SlidingWindowPattern, config.RopeLocalBaseFreq, config.RopeTheta));
        Assert.Null(config.AttnLogitSoftcapping);
        Assert.Null(config.FinalLogitSoftcapping);
        Assert.Equal([true, true, true, true, true, false, true], Enumerable.Range(0, 7).Select(config.IsSlidingLayer));
    }

    [Fact]
    public void Parse_Gemma2WithoutCapKeys_TakesGemma2ConfigDefaults()
    {
        var json = JsonNode.Parse(Gemma2Config)!.AsObject();
        json.Remove("attn_logit_softcapping");
        json.Remove("final_logit_softcapping");
        json.Remove("head_dim");
        var config = HuggingFaceConfig.Parse(json.ToJsonString());
        Assert.Equal((50.0, 30.0, 256), (config.AttnLogitSoftcapping, config.FinalLogitSoftcapping, config.HeadSize));
    }

    [Fact]
    public void Parse_MistralWithoutSlidingWindowKey_TakesMistralConfigsDefault()
    {
        var json = JsonNode.Parse(MistralConfig)!.AsObject();
        json.Remove("sliding_window");
        Assert.Equal(4096, HuggingFaceConfig.Parse(json.ToJsonString()).SlidingWindow);
        json["sliding_window"] = null;
        Assert.Null(HuggingFaceConfig.Parse(json.ToJsonString()).SlidingWindow);
    }

    [Fact]
    public void Parse_Phi3Su_IsLongRopeWithFactorFromTheContexts()
    {
        var config = HuggingFaceConfig.Parse(Phi3Config.Replace("FACTORS", Ones));
        var scaling = config.RopeScaling!;
        Assert.Equal((RopeScaling.LongRope, 32.0, 4096, 48), (scaling.RopeType, scaling.Factor, scaling.OriginalMaxPositionEmbeddings, scaling.LongFactor!.Count));
        Assert.Equal(Math.Sqrt(1 + Math.Log(32) / Math.Log(4096)), scaling.LongRopeAttentionFactor, 12);
        Assert.True(config.IsSlidingLayer(0));
    }

    [Fact]
    public void Parse_Transformers5Gemma3RopeParameters_ReadsGlobalAndLocalTheta()
    {
        var json = JsonNode.Parse(Gemma3Config)!.AsObject();
        json.Remove("rope_theta");
        json.Remove("rope_local_base_freq");
        json.Remove("rope_scaling");
        json["rope_parameters"] = new JsonObject
        {
            ["full_attention"] = new JsonObject { ["rope_type"] = "linear", ["factor"] = 8.0, ["rope_theta"] = 1_000_000.0 },
            ["sliding_attention"] = new JsonObject { ["rope_type"] = "default", ["rope_theta"] = 10_000.0 },
        };
        var config = HuggingFaceConfig.Parse(json.ToJsonString());
        Assert.Equal((1_000_000.0, 10_000.0, new RopeScaling(RopeScaling.Linear, 8)), (config.RopeTheta, config.RopeLocalBaseFreq, config.RopeScaling));
    }

    [Theory]
    [InlineData("use_bidirectional_attention", "true", "use_bidirectional_attention")]
    [InlineData("hidden_activation", "\"gelu\"", "'gelu'")]
    [InlineData("sliding_window_pattern", "0", "sliding_window_pattern")]
    public void Parse_Gemma3WithUnsupportedSetting_RefusedNamingIt(string key, string value, string named)
    {
        var json = JsonNode.Parse(Gemma3Config)!.AsObject();
        json[key] = JsonNode.Parse(value);
        var ex = Assert.ThrowsAny<Exception>(() => HuggingFaceConfig.Parse(json.ToJsonString()));
        Assert.True(ex is NotSupportedException or ArgumentException, ex.GetType().Name);
        Assert.Contains(named, ex.Message);
    }

    [Fact]
    public void Parse_Phi4MiniPartialRotary_RefusedNamingIt()
    {
        var json = JsonNode.Parse(Phi3Config.Replace("FACTORS", Ones))!.AsObject();
        json["partial_rotary_factor"] = 0.75;
        var ex = Assert.Throws<NotSupportedException>(() => HuggingFaceConfig.Parse(json.ToJsonString()));
        Assert.Contains("partial_rotary_factor", ex.Message);
    }

    [Theory]
    [InlineData("gemma", "GemmaForCausalLM")]
    [InlineData("gemma3", "Gemma3ForConditionalGeneration")]
    [InlineData("phi", "PhiForCausalLM")]
    [InlineData("mixtral", "MixtralForCausalLM")]
    public void Parse_UnsupportedFamily_RefusedByNameListingTheSupportedOnes(string modelType, string architecture)
    {
        var json = JsonNode.Parse(MistralConfig)!.AsObject();
        json["model_type"] = modelType;
        json["architectures"] = new JsonArray(architecture);
        var ex = Assert.Throws<NotSupportedException>(() => HuggingFaceConfig.Parse(json.ToJsonString()));
        Assert.Contains($"'{modelType}'", ex.Message);
        Assert.Contains(architecture, ex.Message);
        Assert.Contains("gemma3_text", ex.Message);
    }
}
