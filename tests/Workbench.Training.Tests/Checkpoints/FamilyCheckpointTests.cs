using System.Text.Json.Nodes;
using Workbench.Training.Checkpoints;
using Workbench.Training.Models.Llama;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Checkpoints;

/// <summary>Each family saved as a Hugging Face folder: its own tensor names and config keys, and a reload that is the same model.</summary>
public sealed class FamilyCheckpointTests : TorchTest
{
    // The per-layer tensors of each family's transformers module tree (besides input_layernorm, o_proj and down_proj, which all have).
    public static IEnumerable<object[]> LayerTensors =>
    [
        [LlamaConfig.Llama, "self_attn.q_proj.bias self_attn.o_proj.bias mlp.gate_proj.weight"],
        [LlamaConfig.Qwen2, "self_attn.q_proj.bias mlp.gate_proj.weight"],
        [LlamaConfig.Qwen3, "self_attn.q_norm.weight self_attn.k_norm.weight mlp.up_proj.weight"],
        [LlamaConfig.Mistral, "self_attn.k_proj.weight mlp.up_proj.weight"],
        [LlamaConfig.Phi3, "self_attn.qkv_proj.weight mlp.gate_up_proj.weight"],
        [LlamaConfig.Gemma2, "pre_feedforward_layernorm.weight post_feedforward_layernorm.weight self_attn.v_proj.weight"],
        [LlamaConfig.Gemma3, "self_attn.q_norm.weight pre_feedforward_layernorm.weight post_feedforward_layernorm.weight"],
    ];

    [Theory]
    [MemberData(nameof(LayerTensors))]
    public void Save_EachFamily_WritesItsTransformersTensorNames(string modelType, string layerTensors)
    {
        using var dir = new TempDirectory();
        using var model = TinyFamilies.RandomModel(TinyFamilies.Config(modelType));
        HuggingFaceCheckpoint.Save(model, dir.Path);

        var stored = SafeTensorsHeader.ReadEntries(dir.File("model.safetensors")).Select(e => e.Name).ToHashSet();
        foreach (var name in layerTensors.Split(' ').Append("input_layernorm.weight").Append("self_attn.o_proj.weight").Append("mlp.down_proj.weight"))
            Assert.Contains($"model.layers.1.{name}", stored);
        Assert.Equal(model.Config.TieWordEmbeddings, !stored.Contains("lm_head.weight"));
        Assert.Equal(model.Config.ParameterCount(), model.ParameterCount());
        Assert.Equal(model.ParameterCount(), HuggingFaceModelInfo.Read(dir.Path).ParameterCount);
    }

    [Theory]
    [MemberData(nameof(TinyFamilies.ModelTypes), MemberType = typeof(TinyFamilies))]
    public void SaveLoadSave_EachFamily_SameConfigWeightsLogitsAndFiles(string modelType)
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        using var model = TinyFamilies.RandomModel(TinyFamilies.Config(modelType));
        HuggingFaceCheckpoint.Save(model, first.Path);

        using var loaded = HuggingFaceCheckpoint.Load(first.Path);
        loaded.eval();
        Assert.Equal(model.Config, loaded.Config);
        foreach (var (name, value) in model.state_dict()) Assert.True(value.allclose(loaded.state_dict()[name], rtol: 0, atol: 0), name);
        using (var ids = TinyFamilies.Ids(2, 12))
        using (no_grad())
        using (var a = model.call(ids))
        using (var b = loaded.call(ids))
            TensorAssert.Equal(a, b);

        HuggingFaceCheckpoint.Save(loaded, second.Path);
        Assert.Equal(File.ReadAllBytes(first.File("model.safetensors")), File.ReadAllBytes(second.File("model.safetensors")));
        Assert.Equal(File.ReadAllText(first.File("config.json")), File.ReadAllText(second.File("config.json")));
    }

    [Theory]
    [InlineData(LlamaConfig.Gemma2, "query_pre_attn_scalar attn_logit_softcapping final_logit_softcapping sliding_window hidden_activation head_dim")]
    [InlineData(LlamaConfig.Gemma3, "query_pre_attn_scalar sliding_window sliding_window_pattern rope_local_base_freq rope_scaling head_dim")]
    [InlineData(LlamaConfig.Phi3, "sliding_window original_max_position_embeddings rope_scaling")]
    [InlineData(LlamaConfig.Qwen3, "head_dim attention_bias")]
    [InlineData(LlamaConfig.Mistral, "sliding_window")]
    public void ToJson_EachFamily_WritesTheKeysItsConfigClassReads(string modelType, string keys)
    {
        var json = HuggingFaceConfig.ToJson(TinyFamilies.Config(modelType));
        foreach (var key in keys.Split(' ')) Assert.True(json.ContainsKey(key), key);
        Assert.Equal(LlamaConfig.ArchitectureFor(modelType), json["architectures"]![0]!.GetValue<string>());
    }

    [Fact]
    public void ToJson_Phi3LongRope_WritesPhi3sLayout()
    {
        var json = HuggingFaceConfig.ToJson(TinyFamilies.Config(LlamaConfig.Phi3));
        var scaling = json["rope_scaling"]!.AsObject();
        Assert.Equal("longrope", scaling["type"]!.GetValue<string>());
        Assert.Equal(4, scaling["short_factor"]!.AsArray().Count);
        Assert.Equal(16, json["original_max_position_embeddings"]!.GetValue<int>());
    }

    [Fact]
    public void Load_Gemma3WithLayerTypes_UsesThemOverThePattern()
    {
        using var dir = new TempDirectory();
        var config = TinyFamilies.Config(LlamaConfig.Gemma3) with { LayerTypes = new ValueList<string>(["full_attention", "sliding_attention", "full_attention"]) };
        using var model = TinyFamilies.RandomModel(config);
        HuggingFaceCheckpoint.Save(model, dir.Path);
        var written = JsonNode.Parse(File.ReadAllText(dir.File("config.json")))!["layer_types"]!.AsArray();
        Assert.Equal(3, written.Count);

        using var loaded = HuggingFaceCheckpoint.Load(dir.Path);
        Assert.Equal(config, loaded.Config);
        Assert.Equal([false, true, false], Enumerable.Range(0, 3).Select(loaded.Config.IsSlidingLayer));
    }
}
