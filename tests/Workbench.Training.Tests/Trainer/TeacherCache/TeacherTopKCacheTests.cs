using TorchSharp;
using Workbench.Experiments;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using Workbench.Training.Trainer.TeacherCache;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Trainer.TeacherCache;

public sealed class TeacherTopKCacheTests : TorchTest, IDisposable
{
    private const int K = 5;                 // below V, so the symmetric mode's leftover bucket is not empty
    private const double Temperature = 2;
    private static readonly int[] s_batch = [3, 0, 7, 11, 19];

    private readonly TempDirectory _dir = new();
    private readonly ArithmeticProblems _data = ArithmeticProblems.Generate(seed: 4, trainCount: 24, evalCount: 0);
    private readonly Gpt _teacher;
    private readonly Gpt _student;
    private readonly string _teacherPath;
    private int _teacherForwards;

    public TeacherTopKCacheTests()
    {
        var config = new GptConfig(1, 2, 32, 64, _data.Tokenizer.VocabSize, Dropout: 0);
        _teacher = new Gpt(config, new Generator(11));
        _teacher.eval();
        using (no_grad()) foreach (var w in _teacher.parameters().Where(p => p.dim() == 2)) w.mul_(4);   // a peaked teacher, so the loss is far from 0
        _teacher.register_forward_hook((_, _, output) => { _teacherForwards++; return output; });
        _student = new Gpt(config, new Generator(12));
        _teacherPath = _dir.File("teacher.safetensors");
        File.WriteAllText(_teacherPath, "stands in for the checkpoint: the key reads its path, size and write time");
    }

    public void Dispose()
    {
        _teacher.Dispose();
        _student.Dispose();
        _dir.Dispose();
    }

    private TeacherTopKCache Open(TopKValueType values = TopKValueType.Float32, double temperature = Temperature, int k = K) =>
        TeacherTopKCache.OpenOrBuild(_dir.File("cache"), _teacher, _teacherPath, _data.Train, k, temperature, values, _data.Tokenizer.PadId, CPU);

    [Theory]
    [InlineData(ObjectiveTerm.MissingMassZero, TopKValueType.Float32, 1e-5)]
    [InlineData(ObjectiveTerm.MissingMassSymmetricUniform, TopKValueType.Float32, 1e-5)]
    [InlineData(ObjectiveTerm.MissingMassZero, TopKValueType.Float16, 1e-2)]
    [InlineData(ObjectiveTerm.MissingMassSymmetricUniform, TopKValueType.Float16, 1e-2)]
    public void Read_TinyGptPair_LossAndGradientEqualLiveTeacher(string missingMass, TopKValueType values, double relative)
    {
        using var cache = Open(values);
        var objective = new TopKKlObjective(K, missingMass, Temperature);
        using var batch = Batch.Collate(_data.Train, s_batch, _data.Tokenizer.PadId);
        using var studentLogits = StudentLogits(batch);

        var (live, liveGrad) = LossAndGradient(studentLogits, zs => { using var zt = TeacherLogits(batch); return objective.Compute(zs, zt, batch.Labels); });
        var (cached, cachedGrad) = LossAndGradient(studentLogits, zs => { using var teacher = cache.Read(s_batch, batch.InputIds.shape[1]); return objective.Compute(zs, teacher, batch.Labels); });

        Assert.True(live > 0.01, $"The live loss {live} is too small to compare.");
        Assert.True(Math.Abs(cached - live) <= relative * Math.Abs(live), $"cache {cached} vs live {live}");
        using var difference = (cachedGrad - liveGrad).abs().max();
        using var scale = liveGrad.abs().max();
        Assert.True(difference.item<float>() <= relative * scale.item<float>(), $"gradient differs by {difference.item<float>()} (max |grad| {scale.item<float>()})");
        cachedGrad.Dispose();
        liveGrad.Dispose();
    }

    [Fact]
    public void Read_OneSequence_RowTDescribesTokenTPlusOneAsTheLiveTeacherDoes()
    {
        using var cache = Open();
        var sequence = _data.Train[7];
        using var batch = Batch.Collate(_data.Train, [7], _data.Tokenizer.PadId);
        using var teacher = cache.Read([7], batch.InputIds.shape[1]);
        using var logits = TeacherLogits(batch);                                  // (1, T, V)
        using var scaled = logits / Temperature;
        var (_, liveIds) = scaled.topk(K, dim: 2);                               // (1, T, K)
        using var _liveIds = liveIds;

        for (var t = 0; t < batch.InputIds.shape[1]; t++)
        {
            var supervised = t >= sequence.AnswerStart - 1 && t < sequence.TokenIds.Length - 1;
            using var cached = teacher.Ids[0, t];
            using var expected = liveIds[0, t];
            if (supervised) Assert.Equal(expected.data<long>().ToArray(), cached.data<long>().ToArray());
            else Assert.All(cached.data<long>().ToArray(), id => Assert.Equal(0, id));
        }
        using var log_p = teacher.LogProbs[0, sequence.AnswerStart - 1];
        using var probabilities = log_p.exp();
        using var leftover = teacher.LeftoverLogMass[0, sequence.AnswerStart - 1].exp();
        Assert.Equal(1.0, probabilities.sum().item<float>() + leftover.item<float>(), 5);   // top-k mass + the rest = 1
    }

    [Fact]
    public void OpenOrBuild_SecondTime_ReusesTheFileWithoutATeacherForward()
    {
        string path;
        using (var first = Open())
        {
            Assert.False(first.Reused);
            Assert.True(first.TeacherForwards > 0);
            Assert.Equal(first.TeacherForwards, _teacherForwards);
            path = first.Path;
        }
        var written = File.GetLastWriteTimeUtc(path);
        _teacherForwards = 0;

        using var second = Open();

        Assert.True(second.Reused);
        Assert.Equal(path, second.Path);
        Assert.Equal(0, second.TeacherForwards);
        Assert.Equal(0, _teacherForwards);
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
        Assert.Equal(TimeSpan.Zero, second.BuildTime);
        Assert.Equal(new FileInfo(path).Length, second.Bytes);
        Assert.Single(Directory.GetFiles(_dir.File("cache")));                  // no temporary file left behind
    }

    [Theory]
    [InlineData("truncate")]
    [InlineData("header")]
    [InlineData("table")]
    public void OpenOrBuild_DamagedFile_IsRebuilt(string damage)
    {
        string path;
        using (var first = Open()) path = first.Path;
        var bytes = File.ReadAllBytes(path);
        switch (damage)
        {
            case "truncate": bytes = bytes[..^7]; break;          // a crash mid-copy
            case "header": bytes[12] ^= 0xFF; break;              // k
            default: bytes[80 + 16 * 3 + 12] ^= 0x01; break;      // the row count of sequence 3
        }
        File.WriteAllBytes(path, bytes);

        using var rebuilt = Open();

        Assert.False(rebuilt.Reused);
        Assert.True(rebuilt.TeacherForwards > 0);
        Assert.Equal(rebuilt.Bytes, new FileInfo(path).Length);
        using var batch = Batch.Collate(_data.Train, s_batch, _data.Tokenizer.PadId);
        using var teacher = rebuilt.Read(s_batch, batch.InputIds.shape[1]);
        Assert.True(teacher.LogProbs.isfinite().all().item<bool>());
    }

    [Fact]
    public void OpenOrBuild_OtherTemperatureKOrPrecision_WritesAnotherFile()
    {
        using var a = Open();
        using var b = Open(temperature: 1);
        using var c = Open(k: 3);
        using var d = Open(TopKValueType.Float16);
        Assert.Equal(4, new[] { a.Path, b.Path, c.Path, d.Path }.Distinct().Count());
        Assert.True(d.Bytes < a.Bytes);
        Assert.Equal(a.Positions, _data.Train.Sum(p => (long)p.TargetCount));
    }

    [Fact]
    public void OpenOrBuild_TeacherCheckpointRewritten_BuildsAFreshCache()
    {
        using (var first = Open()) Assert.False(first.Reused);
        File.AppendAllText(_teacherPath, " new weights");
        using var second = Open();
        Assert.False(second.Reused);
    }

    [Fact]
    public void OpenOrBuild_KAboveVocabulary_KeepsTheWholeVocabulary()
    {
        using var cache = Open(k: 10_000);
        Assert.Equal(_data.Tokenizer.VocabSize, cache.K);
    }

    private Tensor StudentLogits(Batch batch)
    {
        using var _ = no_grad();
        return _student.call(batch.InputIds);
    }

    private Tensor TeacherLogits(Batch batch)
    {
        using var _ = no_grad();
        return _teacher.call(batch.InputIds);
    }

    // The loss and its gradient with respect to the student's logits.
    private static (double Loss, Tensor Gradient) LossAndGradient(Tensor studentLogits, Func<Tensor, Tensor> loss)
    {
        using var zs = studentLogits.detach().requires_grad_(true);
        using var value = loss(zs);
        value.backward();
        return (value.item<float>(), zs.grad!.clone());
    }
}
