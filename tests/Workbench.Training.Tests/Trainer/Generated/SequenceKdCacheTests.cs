using Workbench.Experiments;
using Workbench.Training.Checkpoints;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Tests.Shared;
using Workbench.Training.Trainer.Generated;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Trainer.Generated;

public sealed class SequenceKdCacheTests : TorchTest, IDisposable
{
    private static readonly WordTokenizer s_tokenizer = WordTokenizer.ForArithmetic();
    private static readonly IReadOnlyList<ArithmeticProblem> s_train = ArithmeticProblems.Generate(seed: 5, trainCount: 10, evalCount: 0).Train;
    private static readonly DataConfig s_greedy = new() { Regime = DataRegimes.SequenceKd, Temperature = 0, MaxNewTokens = 5 };

    private readonly TempDirectory _dir = new();
    private readonly Gpt _teacher;
    private readonly string _teacherPath;

    public SequenceKdCacheTests()
    {
        var config = new GptConfig(1, 2, 16, 64, s_tokenizer.VocabSize);
        _teacher = new Gpt(config, new Generator(6));
        _teacher.eval();
        _teacherPath = _dir.File("teacher.safetensors");
        GptCheckpoint.Save(_teacher, config, _teacherPath, WordTokenizer.ArithmeticId);
    }

    public void Dispose()
    {
        _teacher.Dispose();
        _dir.Dispose();
    }

    private SequenceKdCache.Result Open(DataConfig data) =>
        SequenceKdCache.OpenOrBuild(_dir.File("cache"), _teacher, _teacherPath, s_train, data, s_tokenizer, CPU);

    [Fact]
    public void OpenOrBuild_Greedy_CompletionsAreTheTeachersGreedyAnswers()
    {
        var built = Open(s_greedy);
        Assert.False(built.Reused);
        var greedy = GreedyDecoder.Generate(_teacher, [.. s_train.Select(p => p.PromptIds.ToArray())], 5, s_tokenizer.EosId, s_tokenizer.PadId);
        Assert.Equal(s_train.Count, built.Train.Count);
        for (var i = 0; i < s_train.Count; i++)
        {
            Assert.Equal(s_train[i].PromptIds.ToArray(), built.Train[i].PromptIds.ToArray());
            Assert.Equal(greedy[i], built.Train[i].TokenIds[s_train[i].AnswerStart..]);
        }
    }

    [Fact]
    public void OpenOrBuild_Again_ReusesTheFile()
    {
        var built = Open(s_greedy);
        var again = Open(s_greedy);
        Assert.True(again.Reused);
        Assert.Equal(built.Path, again.Path);
        Assert.Equal(built.Train.Select(p => p.TokenIds), again.Train.Select(p => p.TokenIds));
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("empty")]
    public void OpenOrBuild_DamagedFile_IsRebuilt(string damage)
    {
        var built = Open(s_greedy);
        var bytes = File.ReadAllBytes(built.Path);
        switch (damage)
        {
            case "flip": bytes[bytes.Length / 2] ^= 0x5A; break;
            case "truncate": bytes = bytes[..(bytes.Length - 7)]; break;
            default: bytes = []; break;
        }
        File.WriteAllBytes(built.Path, bytes);
        var rebuilt = Open(s_greedy);
        Assert.False(rebuilt.Reused);
        Assert.Equal(built.Train.Select(p => p.TokenIds), rebuilt.Train.Select(p => p.TokenIds));
        Assert.True(Open(s_greedy).Reused);
    }

    [Fact]
    public void OpenOrBuild_OtherSettings_OtherFile_SamplesPerPromptMultiplies()
    {
        var greedy = Open(s_greedy);
        var sampled = Open(s_greedy with { Temperature = 1.5, SamplesPerPrompt = 3 });
        Assert.NotEqual(greedy.Path, sampled.Path);
        Assert.Equal(3 * s_train.Count, sampled.Train.Count);
        Assert.All(sampled.Train, p => Assert.InRange(p.TokenIds.Length - p.AnswerStart, 1, 5));
    }
}
