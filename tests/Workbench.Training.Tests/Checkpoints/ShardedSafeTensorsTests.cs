using System.Text.Json.Nodes;
using Workbench.Training.Checkpoints;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Checkpoints;

public sealed class ShardedSafeTensorsTests : TorchTest
{
    // Five tensors of 100, 100, 300, 50 and 50 floats (400, 400, 1200, 200, 200 bytes as F32).
    private static Dictionary<string, Tensor> Tensors() => new()
    {
        ["a.weight"] = arange(100f),
        ["b.weight"] = arange(100f).neg(),
        ["c.weight"] = arange(300f).view(3, 100),
        ["d.weight"] = ones(50),
        ["e.weight"] = zeros(50),
    };

    [Fact]
    public void Write_MaxShardBelowTotal_FillsShardsInOrderAndIndexesEveryTensor()
    {
        using var dir = new TempDirectory();
        using var scope = NewDisposeScope();
        var tensors = Tensors();
        var files = ShardedSafeTensorsWriter.Write(dir.Path, tensors, maxShardBytes: 1000);

        // a+b fit (800); c alone is over the limit and gets its own shard; d+e share the last.
        Assert.Equal(["model-00001-of-00003.safetensors", "model-00002-of-00003.safetensors", "model-00003-of-00003.safetensors", "model.safetensors.index.json"], files);
        var index = JsonNode.Parse(File.ReadAllText(dir.File("model.safetensors.index.json")))!;
        Assert.Equal(2400, index["metadata"]!["total_size"]!.GetValue<long>());
        Assert.Equal(600, index["metadata"]!["total_parameters"]!.GetValue<long>());
        var weightMap = SafeTensorsFolder.ReadWeightMap(dir.File("model.safetensors.index.json"));
        Assert.Equal("model-00002-of-00003.safetensors", weightMap["c.weight"]);
        Assert.Equal("model-00003-of-00003.safetensors", weightMap["e.weight"]);

        var read = new Dictionary<string, Tensor>();
        ShardedSafeTensorsReader.ReadEach(dir.Path, (name, t) => read[name] = t.clone());
        Assert.Equal(tensors.Keys.Order(), read.Keys.Order());
        foreach (var (name, t) in tensors) TensorAssert.Equal(t, read[name]);
    }

    [Fact]
    public void Write_EverythingFits_WritesOneModelSafetensorsWithoutIndex()
    {
        using var dir = new TempDirectory();
        using var scope = NewDisposeScope();
        var files = ShardedSafeTensorsWriter.Write(dir.Path, Tensors(), maxShardBytes: 10_000, dtype: ScalarType.BFloat16);
        Assert.Equal(["model.safetensors"], files);
        Assert.Equal([dir.File("model.safetensors")], SafeTensorsFolder.WeightFiles(dir.Path));
        Assert.Equal(600, SafeTensorsFolder.ReadEntries(dir.Path).Sum(e => e.ElementCount));
    }

    [Fact]
    public void WeightFiles_ShardListedButMissing_ThrowsNamingIt()
    {
        using var dir = new TempDirectory();
        using var scope = NewDisposeScope();
        ShardedSafeTensorsWriter.Write(dir.Path, Tensors(), maxShardBytes: 1000);
        File.Delete(dir.File("model-00002-of-00003.safetensors"));
        var ex = Assert.Throws<FileNotFoundException>(() => SafeTensorsFolder.WeightFiles(dir.Path));
        Assert.Contains("model-00002-of-00003.safetensors", ex.Message);
    }
}
