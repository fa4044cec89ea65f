using Workbench.Training.Checkpoints;
using Workbench.Training.Models;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Checkpoints;

public sealed class GptCheckpointTests : TorchTest
{
    private static readonly GptConfig s_config = new(Layers: 2, Heads: 2, Width: 16, Context: 8, VocabSize: 16);

    [Fact]
    public void SaveLoad_TinyModel_ReloadedLogitsEqualOriginal()
    {
        using var dir = new TempDirectory();
        var path = dir.File(GptCheckpoint.FileName);
        using var generator = new Generator(3);
        using var model = new Gpt(s_config, generator);
        GptCheckpoint.Save(model, s_config, path, "words-v9", step: 42);

        using var loaded = GptCheckpoint.Load(path);
        using var idx = tensor(new long[] { 1, 5, 7, 2, 0, 15 }, [2, 3]);
        model.eval();
        loaded.eval();
        using var expected = model.call(idx);
        using var actual = loaded.call(idx);
        Assert.Equal(s_config, loaded.Config);
        TensorAssert.Equal(expected, actual);
    }

    [Fact]
    public void ReadInfo_SavedModel_ReturnsConfigTokenizerAndStep()
    {
        using var dir = new TempDirectory();
        var path = dir.File(GptCheckpoint.FileName);
        using var model = new Gpt(s_config);
        GptCheckpoint.Save(model, s_config, path, "words-v9", step: 42);

        Assert.Equal(new GptCheckpointInfo(s_config, "words-v9", 42), GptCheckpoint.ReadInfo(path));
        var tensorNames = SafeTensorsReader.Read(path).Tensors.Keys.ToHashSet();
        Assert.Equal(model.state_dict().Keys.ToHashSet(), tensorNames);
    }

    [Fact]
    public void ReadInfo_SafeTensorsWithoutConfig_ThrowsInvalidData()
    {
        using var dir = new TempDirectory();
        var path = dir.File("plain.safetensors");
        using var t = zeros(2);
        SafeTensorsWriter.Write(path, new Dictionary<string, Tensor> { ["x"] = t });
        Assert.Throws<InvalidDataException>(() => GptCheckpoint.ReadInfo(path));
    }

    [Fact]
    public void Save_ConfigOfAnotherModel_ThrowsArgumentException()
    {
        using var dir = new TempDirectory();
        using var model = new Gpt(s_config);
        Assert.Throws<ArgumentException>(() => GptCheckpoint.Save(model, s_config with { Layers = 3 }, dir.File("x.safetensors")));
    }
}
