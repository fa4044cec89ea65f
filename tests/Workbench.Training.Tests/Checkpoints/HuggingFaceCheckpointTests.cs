using System.Text.Json.Nodes;
using Workbench.Training.Checkpoints;
using Workbench.Training.Data;
using Workbench.Training.Models.Llama;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Checkpoints;

public sealed class HuggingFaceCheckpointTests : TorchTest
{
    private static void AssertSameLogits(LlamaForCausalLM expected, LlamaForCausalLM actual)
    {
        expected.eval();
        actual.eval();
        using var idx = TinyLlama.Ids(2, 7);
        using var _ = no_grad();
        using var a = expected.call(idx);
        using var b = actual.call(idx);
        TensorAssert.Equal(a, b);
    }

    [Theory]
    [InlineData(LlamaConfig.Llama, false)]
    [InlineData(LlamaConfig.Llama, true)]
    [InlineData(LlamaConfig.Qwen2, false)]
    [InlineData(LlamaConfig.Qwen2, true)]
    public void SaveLoad_TinyModel_SameConfigAndIdenticalLogits(string modelType, bool tied)
    {
        using var dir = new TempDirectory();
        using var model = TinyLlama.Model(TinyLlama.Config(modelType, tied));
        HuggingFaceCheckpoint.Save(model, dir.Path);

        using var loaded = HuggingFaceCheckpoint.Load(dir.Path);
        Assert.Equal(model.Config, loaded.Config);
        AssertSameLogits(model, loaded);
        var stored = SafeTensorsHeader.ReadEntries(dir.File("model.safetensors")).Select(e => e.Name).ToHashSet();
        Assert.Equal(model.state_dict().Keys.ToHashSet(), stored);
        Assert.Equal(!tied, stored.Contains("lm_head.weight"));
    }

    [Fact]
    public void SaveLoad_LlamaWithRopeScalingAndHeadDim_RoundTrips()
    {
        using var dir = new TempDirectory();
        var config = TinyLlama.Config() with
        {
            HeadDim = 16, RopeTheta = 500_000, AttentionBias = true, MlpBias = true,
            RopeScaling = new RopeScaling(RopeScaling.Llama3, 8, 1, 4, 16),
        };
        using var model = TinyLlama.Model(config);
        HuggingFaceCheckpoint.Save(model, dir.Path);
        using var loaded = HuggingFaceCheckpoint.Load(dir.Path);
        Assert.Equal(config, loaded.Config);
        AssertSameLogits(model, loaded);
    }

    [Fact]
    public void SaveLoad_SmallMaxShard_WritesIndexedShardsAndIdenticalLogits()
    {
        using var dir = new TempDirectory();
        using var model = TinyLlama.Model(TinyLlama.Config());
        HuggingFaceCheckpoint.Save(model, dir.Path, new HuggingFaceSaveOptions(MaxShardBytes: 16_000));

        var shards = Directory.GetFiles(dir.Path, "model-*-of-*.safetensors");
        Assert.True(shards.Length > 2, $"{shards.Length} shards");
        Assert.False(File.Exists(dir.File("model.safetensors")));
        var weightMap = SafeTensorsFolder.ReadWeightMap(dir.File("model.safetensors.index.json"));
        Assert.Equal(model.state_dict().Keys.Order(), weightMap.Keys.Order());
        using var loaded = HuggingFaceCheckpoint.Load(dir.Path);
        AssertSameLogits(model, loaded);
    }

    [Fact]
    public void Save_SingleFileOverShardedFolder_RemovesStaleShardsAndIndex()
    {
        using var dir = new TempDirectory();
        using var model = TinyLlama.Model(TinyLlama.Config());
        HuggingFaceCheckpoint.Save(model, dir.Path, new HuggingFaceSaveOptions(MaxShardBytes: 16_000));
        HuggingFaceCheckpoint.Save(model, dir.Path);
        Assert.Equal(["config.json", "model.safetensors"], Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order());
    }

    [Theory]
    [InlineData(ScalarType.BFloat16, "bfloat16")]
    [InlineData(ScalarType.Float16, "float16")]
    public void SaveLoad_HalfPrecision_LogitsEqualThoseOfTheRoundedFp32Model(ScalarType dtype, string name)
    {
        using var dir = new TempDirectory();
        using var model = TinyLlama.Model(TinyLlama.Config());
        HuggingFaceCheckpoint.Save(model, dir.Path, new HuggingFaceSaveOptions(DType: dtype));
        using (no_grad())
            foreach (var p in model.parameters())
            {
                using var rounded = p.to(dtype).to(ScalarType.Float32);
                p.copy_(rounded);
            }

        using var loaded = HuggingFaceCheckpoint.Load(dir.Path);
        Assert.Equal(name, loaded.Config.TorchDType);
        Assert.All(SafeTensorsHeader.ReadEntries(dir.File("model.safetensors")), e => Assert.Equal(dtype, e.DType.ToScalarType()));
        Assert.All(loaded.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
        AssertSameLogits(model, loaded);
    }

    [Fact]
    public void Load_MissingTensor_ThrowsNamingIt()
    {
        using var dir = new TempDirectory();
        using var model = TinyLlama.Model(TinyLlama.Config());
        var state = new Dictionary<string, Tensor>(model.state_dict());
        state.Remove("model.layers.1.mlp.up_proj.weight");
        SafeTensorsWriter.Write(dir.File("model.safetensors"), state);
        HuggingFaceConfig.Write(dir.Path, model.Config);

        var ex = Assert.Throws<InvalidDataException>(() => HuggingFaceCheckpoint.Load(dir.Path));
        Assert.Contains("'model.layers.1.mlp.up_proj.weight'", ex.Message);
    }

    [Fact]
    public void Load_UnexpectedTensor_ThrowsNamingIt()
    {
        using var dir = new TempDirectory();
        using var model = TinyLlama.Model(TinyLlama.Config());
        using var extra = zeros(3);
        var state = new Dictionary<string, Tensor>(model.state_dict()) { ["model.layers.2.mlp.up_proj.weight"] = extra };
        SafeTensorsWriter.Write(dir.File("model.safetensors"), state);
        HuggingFaceConfig.Write(dir.Path, model.Config);

        var ex = Assert.Throws<InvalidDataException>(() => HuggingFaceCheckpoint.Load(dir.Path));
        Assert.Contains("'model.layers.2.mlp.up_proj.weight'", ex.Message);
    }

    [Fact]
    public void Load_TensorOfWrongShape_ThrowsNamingItAndBothShapes()
    {
        using var dir = new TempDirectory();
        using var model = TinyLlama.Model(TinyLlama.Config());
        HuggingFaceCheckpoint.Save(model, dir.Path);
        HuggingFaceConfig.Write(dir.Path, model.Config with { NumKeyValueHeads = 4 });    // k/v projections should now be 32 rows

        var ex = Assert.Throws<InvalidDataException>(() => HuggingFaceCheckpoint.Load(dir.Path));
        Assert.Contains("self_attn.k_proj.weight", ex.Message);
        Assert.Contains("[16, 32]", ex.Message);
        Assert.Contains("[32, 32]", ex.Message);
    }

    [Fact]
    public void Load_OldCheckpointWithRotaryBuffersAndTiedHeadCopy_IgnoresThem()
    {
        using var dir = new TempDirectory();
        using var model = TinyLlama.Model(TinyLlama.Config(tied: true));
        using var invFreq = ones(4);
        var state = new Dictionary<string, Tensor>(model.state_dict())
        {
            ["model.layers.0.self_attn.rotary_emb.inv_freq"] = invFreq,
            ["lm_head.weight"] = model.state_dict()["model.embed_tokens.weight"],
        };
        SafeTensorsWriter.Write(dir.File("model.safetensors"), state);
        HuggingFaceConfig.Write(dir.Path, model.Config);

        using var loaded = HuggingFaceCheckpoint.Load(dir.Path);
        AssertSameLogits(model, loaded);
        Assert.Equal(model.ParameterCount(), HuggingFaceModelInfo.Read(dir.Path).ParameterCount);
    }

    [Theory]
    [InlineData("gemma", "GemmaForCausalLM", "'gemma'")]
    [InlineData("gemma3", "Gemma3ForConditionalGeneration", "'gemma3'")]
    [InlineData("gpt_neox", "GPTNeoXForCausalLM", "'gpt_neox'")]
    [InlineData("llama", "LlamaForSequenceClassification", "'LlamaForSequenceClassification'")]
    public void Load_UnsupportedArchitecture_ThrowsNamingIt(string modelType, string architecture, string named)
    {
        using var dir = new TempDirectory();
        using var model = TinyLlama.Model(TinyLlama.Config());
        HuggingFaceCheckpoint.Save(model, dir.Path);
        var config = JsonNode.Parse(File.ReadAllText(dir.File("config.json")))!.AsObject();
        config["model_type"] = modelType;
        config["architectures"] = new JsonArray(architecture);
        File.WriteAllText(dir.File("config.json"), config.ToJsonString());

        var ex = Assert.Throws<NotSupportedException>(() => HuggingFaceCheckpoint.Load(dir.Path));
        Assert.Contains(named, ex.Message);
    }

    [Fact]
    public void Load_FolderWithoutWeights_ThrowsFileNotFound()
    {
        using var dir = new TempDirectory();
        HuggingFaceConfig.Write(dir.Path, TinyLlama.Config());
        var ex = Assert.Throws<FileNotFoundException>(() => HuggingFaceCheckpoint.Load(dir.Path));
        Assert.Contains("model.safetensors", ex.Message);
    }

    [Fact]
    public void ReadInfo_SavedBf16Qwen2_ReportsArchitectureSizeAndDTypeWithoutLoading()
    {
        using var dir = new TempDirectory();
        using var model = TinyLlama.Model(TinyLlama.Config(LlamaConfig.Qwen2, tied: true));
        HuggingFaceCheckpoint.Save(model, dir.Path, new HuggingFaceSaveOptions(DType: ScalarType.BFloat16, MaxShardBytes: 16_000));

        var info = HuggingFaceModelInfo.Read(dir.Path);
        Assert.Equal(new HuggingFaceModelInfo(Path.GetFullPath(dir.Path), "Qwen2ForCausalLM", "qwen2", model.ParameterCount(), 64, "bfloat16",
                                              Layers: 2, HiddenSize: 32, AttentionHeads: 4, KeyValueHeads: 2, TiedEmbeddings: true, Tokenizer: null), info);
    }

    [Fact]
    public void Save_WithSourceDirectory_CopiesTokenizerFilesAndKeepsOtherConfigKeys()
    {
        using var source = new TempDirectory();
        using var target = new TempDirectory();
        using var teacher = TinyLlama.Model(TinyLlama.Config());
        HuggingFaceCheckpoint.Save(teacher, source.Path);
        var teacherConfig = JsonNode.Parse(File.ReadAllText(source.File("config.json")))!.AsObject();
        teacherConfig["bos_token_id"] = 1;
        teacherConfig["eos_token_id"] = new JsonArray(2, 3);
        teacherConfig["layer_types"] = new JsonArray("full_attention", "full_attention");
        File.WriteAllText(source.File("config.json"), teacherConfig.ToJsonString());
        File.WriteAllText(source.File("tokenizer.json"), TokenizerFixtures.ByteLevel());
        File.WriteAllText(source.File("tokenizer_config.json"), "{}");

        using var student = TinyLlama.Model(TinyLlama.Config() with { NumHiddenLayers = 1 });
        HuggingFaceCheckpoint.Save(student, target.Path, new HuggingFaceSaveOptions(SourceDirectory: source.Path));

        var written = JsonNode.Parse(File.ReadAllText(target.File("config.json")))!.AsObject();
        Assert.Equal(1, written["num_hidden_layers"]!.GetValue<int>());
        Assert.Equal(1, written["bos_token_id"]!.GetValue<int>());
        Assert.Equal("[2,3]", written["eos_token_id"]!.ToJsonString());
        Assert.Null(written["layer_types"]);                     // per-layer list of the teacher's depth: dropped
        Assert.Equal(File.ReadAllText(source.File("tokenizer.json")), File.ReadAllText(target.File("tokenizer.json")));
        Assert.True(File.Exists(target.File("tokenizer_config.json")));
        using var loaded = HuggingFaceCheckpoint.Load(target.Path);
        AssertSameLogits(student, loaded);
        var a = HuggingFaceTokenizer.Load(source.Path).EncodeToIds("hello world");
        var b = HuggingFaceTokenizer.Load(target.Path).EncodeToIds("hello world");
        Assert.Equal(a, b);
        Assert.Equal("byte-level BPE (tokenizer.json)", HuggingFaceModelInfo.Read(target.Path).Tokenizer);
    }
}
