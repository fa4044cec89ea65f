using System.Text.Json.Nodes;
using Workbench.Training.Checkpoints;
using Workbench.Training.Models.Llama;
using Workbench.Training.Tests.Shared;

namespace Workbench.Training.Tests.Checkpoints;

public sealed class HuggingFaceConfigTests
{
    // The config.json of Llama 3.2 1B, as published.
    private const string Llama32Config = """
        {
          "architectures": ["LlamaForCausalLM"], "attention_bias": false, "attention_dropout": 0.0, "bos_token_id": 128000,
          "eos_token_id": 128001, "head_dim": 64, "hidden_act": "silu", "hidden_size": 2048, "initializer_range": 0.02,
          "intermediate_size": 8192, "max_position_embeddings": 131072, "mlp_bias": false, "model_type": "llama",
          "num_attention_heads": 32, "num_hidden_layers": 16, "num_key_value_heads": 8, "pretraining_tp": 1, "rms_norm_eps": 1e-05,
          "rope_scaling": {"factor": 32.0, "high_freq_factor": 4.0, "low_freq_factor": 1.0, "original_max_position_embeddings": 8192, "rope_type": "llama3"},
          "rope_theta": 500000.0, "tie_word_embeddings": true, "torch_dtype": "bfloat16", "transformers_version": "4.45.0.dev0",
          "use_cache": true, "vocab_size": 128256
        }
        """;

    // The config.json of Qwen2.5 0.5B, as published.
    private const string Qwen25Config = """
        {
          "architectures": ["Qwen2ForCausalLM"], "attention_dropout": 0.0, "bos_token_id": 151643, "eos_token_id": 151643,
          "hidden_act": "silu", "hidden_size": 896, "initializer_range": 0.02, "intermediate_size": 4864,
          "max_position_embeddings": 32768, "max_window_layers": 24, "model_type": "qwen2", "num_attention_heads": 14,
          "num_hidden_layers": 24, "num_key_value_heads": 2, "rms_norm_eps": 1e-06, "rope_theta": 1000000.0,
          "sliding_window": 32768, "tie_word_embeddings": true, "torch_dtype": "bfloat16", "transformers_version": "4.40.1",
          "use_cache": true, "use_sliding_window": false, "vocab_size": 151936
        }
        """;

    [Fact]
    public void Parse_Llama32Config_ReadsEveryField()
    {
        var config = HuggingFaceConfig.Parse(Llama32Config);
        Assert.Equal(new LlamaConfig(LlamaConfig.Llama, VocabSize: 128256, HiddenSize: 2048, IntermediateSize: 8192, NumHiddenLayers: 16,
                                     NumAttentionHeads: 32, NumKeyValueHeads: 8, MaxPositionEmbeddings: 131072, RmsNormEps: 1e-5,
                                     RopeTheta: 500_000, RopeScaling: new RopeScaling(RopeScaling.Llama3, 32, 1, 4, 8192),
                                     TieWordEmbeddings: true, TorchDType: "bfloat16"), config);
        Assert.Equal(1_235_814_400, config.ParameterCount());       // Llama 3.2 1B's published count
    }

    [Fact]
    public void Parse_Qwen25Config_ReadsEveryField()
    {
        var config = HuggingFaceConfig.Parse(Qwen25Config);
        Assert.Equal(new LlamaConfig(LlamaConfig.Qwen2, VocabSize: 151936, HiddenSize: 896, IntermediateSize: 4864, NumHiddenLayers: 24,
                                     NumAttentionHeads: 14, NumKeyValueHeads: 2, MaxPositionEmbeddings: 32768, RmsNormEps: 1e-6,
                                     RopeTheta: 1_000_000, TieWordEmbeddings: true, TorchDType: "bfloat16"), config);
        Assert.Equal("Qwen2ForCausalLM", config.Architecture);
        Assert.Equal(494_032_768, config.ParameterCount());         // Qwen2.5 0.5B's published count
    }

    [Fact]
    public void Parse_Transformers5RopeParameters_ReadsThetaAndScaling()
    {
        var json = JsonNode.Parse(Llama32Config)!.AsObject();
        json.Remove("rope_theta");
        json.Remove("rope_scaling");
        json.Remove("torch_dtype");
        json["dtype"] = "float16";
        json["rope_parameters"] = new JsonObject { ["rope_type"] = "linear", ["factor"] = 2.0, ["rope_theta"] = 250_000.0 };
        var config = HuggingFaceConfig.Parse(json.ToJsonString());
        Assert.Equal((250_000.0, new RopeScaling(RopeScaling.Linear, 2), "float16"), (config.RopeTheta, config.RopeScaling, config.TorchDType));
    }

    [Theory]
    [InlineData(LlamaConfig.Llama, false)]
    [InlineData(LlamaConfig.Qwen2, true)]
    public void WriteRead_TinyConfig_SameConfig(string modelType, bool tied)
    {
        using var dir = new TempDirectory();
        var config = TinyLlama.Config(modelType, tied) with { RopeScaling = new RopeScaling(RopeScaling.Linear, 2), TorchDType = "bfloat16" };
        HuggingFaceConfig.Write(dir.Path, config);
        Assert.Equal(config, HuggingFaceConfig.Read(dir.Path));
    }

    [Fact]
    public void ToJson_Llama32RoundTrip_KeepsUnknownKeysAndSortsThem()
    {
        var original = JsonNode.Parse(Llama32Config)!.AsObject();
        var json = HuggingFaceConfig.ToJson(HuggingFaceConfig.Parse(Llama32Config), original);
        Assert.Equal(128000, json["bos_token_id"]!.GetValue<int>());
        Assert.Equal("4.45.0.dev0", json["transformers_version"]!.GetValue<string>());
        Assert.Equal(json.Select(kv => kv.Key).Order(StringComparer.Ordinal), json.Select(kv => kv.Key));
        Assert.Equal(HuggingFaceConfig.Parse(Llama32Config), HuggingFaceConfig.Parse(json.ToJsonString()));
    }

    [Fact]
    public void Parse_MissingHiddenSize_ThrowsNamingIt()
    {
        var json = JsonNode.Parse(Llama32Config)!.AsObject();
        json.Remove("hidden_size");
        var ex = Assert.Throws<InvalidDataException>(() => HuggingFaceConfig.Parse(json.ToJsonString()));
        Assert.Contains("hidden_size", ex.Message);
    }

    [Theory]
    [InlineData("""{"model_type": "gpt_neox", "architectures": ["GPTNeoXForCausalLM"]}""", "'gpt_neox'")]
    [InlineData("""{"model_type": "qwen2", "architectures": ["Qwen2ForSequenceClassification"]}""", "'Qwen2ForSequenceClassification'")]
    public void Parse_UnsupportedModel_ThrowsNotSupportedNamingIt(string json, string named)
    {
        var ex = Assert.Throws<NotSupportedException>(() => HuggingFaceConfig.Parse(json));
        Assert.Contains(named, ex.Message);
    }

    [Theory]
    [InlineData("yarn")]
    [InlineData("dynamic")]
    public void Parse_UnknownRopeScalingType_ThrowsNotSupportedNamingIt(string type)
    {
        var json = JsonNode.Parse(Llama32Config)!.AsObject();
        json["rope_scaling"] = new JsonObject { ["rope_type"] = type, ["factor"] = 4.0 };
        var ex = Assert.Throws<NotSupportedException>(() => HuggingFaceConfig.Parse(json.ToJsonString()));
        Assert.Contains($"'{type}'", ex.Message);
    }

    [Fact]
    public void Parse_OldRopeScalingTypeKeyAndDefault_AreUnderstood()
    {
        var json = JsonNode.Parse(Llama32Config)!.AsObject();
        json["rope_scaling"] = new JsonObject { ["type"] = "linear", ["factor"] = 4.0 };
        Assert.Equal(new RopeScaling(RopeScaling.Linear, 4), HuggingFaceConfig.Parse(json.ToJsonString()).RopeScaling);
        json["rope_scaling"] = new JsonObject { ["rope_type"] = "default" };
        Assert.Null(HuggingFaceConfig.Parse(json.ToJsonString()).RopeScaling);
    }
}
