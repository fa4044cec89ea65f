using TorchSharp;
using Workbench.Experiments.TeacherStores;
using Workbench.Experiments;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using Workbench.Training.Trainer;
using Workbench.Training.Trainer.TeacherCache;
using Workbench.Training.Trainer.TeacherStore;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Trainer.TeacherStore;

public sealed class TeacherLogitStoreTests : TorchTest, IDisposable
{
    private const double Temperature = 2;
    private static readonly int[] s_batch = [3, 0, 7, 11, 19];

    private readonly TempDirectory _dir = new();
    private readonly ArithmeticProblems _data = ArithmeticProblems.Generate(seed: 4, trainCount: 24, evalCount: 0);
    private readonly Gpt _teacher;
    private readonly Gpt _student;
    private readonly string _teacherPath;
    private int _teacherForwards;

    public TeacherLogitStoreTests()
    {
        var config = new GptConfig(1, 2, 32, 64, _data.Tokenizer.VocabSize, Dropout: 0);
        _teacher = new Gpt(config, new Generator(11));
        _teacher.eval();
        using (no_grad()) foreach (var w in _teacher.parameters().Where(p => p.dim() == 2)) w.mul_(4);   // a peaked teacher: the loss is far from 0
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

    private string Folder => _dir.File("store");

    private TeacherLogitStore Open(int k, TopKValueType values = TopKValueType.Float32, double temperature = Temperature, IReadOnlyList<ArithmeticProblem>? data = null) =>
        TeacherLogitStore.OpenOrBuild(Folder, _teacher, _teacherPath, data ?? _data.Train, k, temperature, values, _data.Tokenizer.PadId, CPU);

    [Theory]
    [InlineData(ObjectiveKinds.ForwardKl, TopKValueType.Float32, 1e-5)]
    [InlineData(ObjectiveKinds.Jsd, TopKValueType.Float32, 1e-5)]
    [InlineData(ObjectiveKinds.TotalVariation, TopKValueType.Float32, 1e-5)]
    [InlineData(ObjectiveKinds.PlackettLuce, TopKValueType.Float32, 1e-5)]
    [InlineData(ObjectiveKinds.ForwardKl, TopKValueType.Float16, 1e-2)]
    [InlineData(ObjectiveKinds.ReverseKl, TopKValueType.Float16, 1e-2)]
    public void Read_WholeVocabularyStored_LossEqualsLiveTeacher(string kind, TopKValueType values, double relative)
    {
        var objective = (IStoreObjective)ObjectiveFactory.Create(new ObjectiveTerm { Kind = kind, Temperature = Temperature });
        using var store = Open(_data.Tokenizer.VocabSize, values);
        using var batch = Batch.Collate(_data.Train, s_batch, _data.Tokenizer.PadId);
        using var studentLogits = Forward(_student, batch);
        using var teacherLogits = Forward(_teacher, batch);

        using var live = objective.Compute(studentLogits, teacherLogits, batch.Labels);
        using var rows = store.Read(s_batch, batch.InputIds.shape[1]);
        using var stored = objective.ComputeFromStore(studentLogits, rows, batch.Labels);

        var (l, s) = (live.item<float>(), stored.item<float>());
        Assert.True(l > 0.01, $"live {l} is too small to compare");
        Assert.True(Math.Abs(s - l) <= relative * Math.Abs(l), $"store {s} vs live {l}");
    }

    [Fact]
    public void OpenOrBuild_Twice_SecondReusesWithoutTheTeacher()
    {
        using (var first = Open(5)) Assert.False(first.Reused);
        var forwards = _teacherForwards;
        using var second = Open(5);
        Assert.True(second.Reused);
        Assert.Equal(forwards, _teacherForwards);
        Assert.Equal(0, second.TeacherForwards);
    }

    [Fact]
    public void OpenOrBuild_OneByteDamaged_ChecksumFailsAndItIsRebuilt()
    {
        string path;
        using (var first = Open(5)) path = first.Path;
        var bytes = File.ReadAllBytes(path);
        bytes[^100] ^= 0x40;                         // inside the records: length and header still match
        File.WriteAllBytes(path, bytes);

        using var again = Open(5);

        Assert.False(again.Reused);
        Assert.True(again.TeacherForwards > 0);
        Assert.NotEqual(bytes, File.ReadAllBytes(path));
        using var third = Open(5);
        Assert.True(third.Reused);
    }

    [Fact]
    public void OpenOrBuild_Truncated_IsRebuilt()
    {
        string path;
        using (var first = Open(5)) path = first.Path;
        using (var file = File.OpenWrite(path)) file.SetLength(file.Length - 7);
        using var again = Open(5);
        Assert.False(again.Reused);
    }

    [Fact]
    public void Key_ChangesWithTeacherDataAndSettings()
    {
        string Name(Func<TeacherLogitStore> open) { using var store = open(); return Path.GetFileName(store.Path); }
        var baseline = Name(() => Open(5));
        var names = new[]
        {
            Name(() => Open(6)),
            Name(() => Open(5, TopKValueType.Float16)),
            Name(() => Open(5, temperature: 1)),
            Name(() => Open(5, data: _data.Train.Take(20).ToArray())),
        };
        File.AppendAllText(_teacherPath, " retrained");
        var retrained = Name(() => Open(5));

        Assert.Equal(6, new HashSet<string>([baseline, .. names, retrained]).Count);
    }

    // A bf16 run builds its store under bf16 autocast, as its step would run the teacher: a file of its own (an fp32 store
    // keeps its key), saying so, whose loss is the fp32 store's to bf16's precision.
    [Fact]
    public void OpenOrBuild_Bf16Precision_OwnFileSaysBf16_LossCloseToFp32Store()
    {
        var objective = (IStoreObjective)ObjectiveFactory.Create(new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl, Temperature = Temperature });
        using var fp32 = Open(_data.Tokenizer.VocabSize);
        using var auto = TeacherLogitStore.OpenOrBuild(Folder, _teacher, _teacherPath, _data.Train, _data.Tokenizer.VocabSize, Temperature, TopKValueType.Float32,
                                                       _data.Tokenizer.PadId, CPU, precision: Precisions.Auto);
        using var bf16 = TeacherLogitStore.OpenOrBuild(Folder, _teacher, _teacherPath, _data.Train, _data.Tokenizer.VocabSize, Temperature, TopKValueType.Float32,
                                                       _data.Tokenizer.PadId, CPU, precision: Precisions.BFloat16);
        Assert.Equal(fp32.Path, auto.Path);   // auto on CPU is fp32: the same file, reused
        Assert.True(auto.Reused);
        Assert.NotEqual(fp32.Path, bf16.Path);
        var described = LogitStoreFolder.List(Folder).ToDictionary(f => f.Name, f => f.Description?.TeacherForward);
        Assert.Null(described[Path.GetFileName(fp32.Path)]);
        Assert.Equal(Precisions.BFloat16, described[Path.GetFileName(bf16.Path)]);

        using var batch = Batch.Collate(_data.Train, s_batch, _data.Tokenizer.PadId);
        using var studentLogits = Forward(_student, batch);
        using var a = fp32.Read(s_batch, batch.InputIds.shape[1]);
        using var b = bf16.Read(s_batch, batch.InputIds.shape[1]);
        using var fromFp32 = objective.ComputeFromStore(studentLogits, a, batch.Labels);
        using var fromBf16 = objective.ComputeFromStore(studentLogits, b, batch.Labels);
        var (l32, l16) = (fromFp32.item<float>(), fromBf16.item<float>());
        Assert.NotEqual(l32, l16);
        Assert.True(Math.Abs(l16 - l32) <= 2e-2 * Math.Abs(l32), $"bf16 store {l16} vs fp32 store {l32}");
    }

    [Fact]
    public void BytesPerToken_SmallVocabulary_Uint16IdsAndFp16Values()
    {
        using var store = Open(5, TopKValueType.Float16);
        Assert.Equal(2 * 5 + 2 * 6, store.BytesPerToken);   // 5 uint16 ids, 5 fp16 log-probabilities, 1 fp16 rest mass
        var file = Assert.Single(LogitStoreFolder.List(Folder));
        Assert.Equal(new FileInfo(store.Path).Length, file.Bytes);
        Assert.Equal(5, file.Description!.K);
        Assert.Equal(_data.Train.Count, file.Description.Sequences);
        Assert.True(file.BytesPerToken > 22);                 // plus the header, table and checksum
    }

    [Fact]
    public void Evict_OverBudget_DeletesLeastRecentlyUsedFirstAndKeepsTheOnesInUse()
    {
        var names = new List<string>();
        foreach (var t in new[] { 1.0, 2.0, 3.0 })
            using (var store = Open(5, temperature: t)) names.Add(Path.GetFileName(store.Path));
        var now = DateTime.UtcNow;
        for (var i = 0; i < 3; i++) File.SetLastAccessTimeUtc(Path.Combine(Folder, names[i]), now.AddHours(i - 3));   // names[0] oldest
        var size = new FileInfo(Path.Combine(Folder, names[0])).Length;

        var evicted = LogitStoreFolder.Evict(Folder, budgetBytes: size, keep: [names[0]]);

        Assert.Equal([names[1], names[2]], evicted);
        Assert.Equal([names[0]], LogitStoreFolder.List(Folder).Select(f => f.Name));
        Assert.Empty(LogitStoreFolder.Evict(Folder, budgetBytes: size));
    }

    [Fact]
    public void Open_ReusedStore_BecomesMostRecentlyUsed()
    {
        string older;
        using (var a = Open(5, temperature: 1)) older = Path.GetFileName(a.Path);
        string newer;
        using (var b = Open(5, temperature: 3)) newer = Path.GetFileName(b.Path);
        File.SetLastAccessTimeUtc(Path.Combine(Folder, newer), DateTime.UtcNow.AddHours(-1));
        File.SetLastAccessTimeUtc(Path.Combine(Folder, older), DateTime.UtcNow.AddHours(-2));
        using (Open(5, temperature: 1)) { }                 // reused: now the most recently used
        var evicted = LogitStoreFolder.Evict(Folder, budgetBytes: new FileInfo(Path.Combine(Folder, older)).Length);
        Assert.Equal([newer], evicted);
    }

    [Fact]
    public void Delete_OnlyStoreFileNames()
    {
        using (Open(5)) { }
        File.WriteAllText(Path.Combine(Folder, "topk-0123.bin"), "another cache");
        var name = Assert.Single(LogitStoreFolder.List(Folder)).Name;

        Assert.Throws<ArgumentException>(() => LogitStoreFolder.Delete(Folder, "../teacher.safetensors"));
        Assert.Throws<ArgumentException>(() => LogitStoreFolder.Delete(Folder, "topk-0123.bin"));
        Assert.True(LogitStoreFolder.Delete(Folder, name));
        Assert.False(LogitStoreFolder.Delete(Folder, name));
        Assert.True(File.Exists(Path.Combine(Folder, "topk-0123.bin")));
    }

    [Theory]
    [InlineData(64, 4096)]          // small vocabularies: the cap
    [InlineData(8192, 1024)]        // the benchmark's Llama pair: B 8 × T 128
    [InlineData(151_936, 55)]       // Qwen2: 33 MB of logits a forward, not 2.5 GB
    [InlineData(100_000_000, 1)]
    public void TokensPerForward_BoundsTheLogitsOfOneForward(long vocabSize, int tokens) =>
        Assert.Equal(tokens, TeacherForwardBatch.Tokens(vocabSize));

    [Fact]
    public void OpenOrBuild_LargeVocabulary_SeveralForwards_RowsEqualTheLiveTeachersTopK()
    {
        // V = 60,000 gives 139 tokens a forward: the 24 problems take several, and every row must land at its own position.
        const int V = 60_000, k = 8;
        using var teacher = new Gpt(new GptConfig(1, 2, 16, 64, V, Dropout: 0), new Generator(13));
        teacher.eval();
        var forwards = 0;
        teacher.register_forward_hook((_, _, output) => { forwards++; return output; });
        using var store = TeacherLogitStore.OpenOrBuild(_dir.File("large-v"), teacher, _teacherPath, _data.Train, k, Temperature,
                                                        TopKValueType.Float32, _data.Tokenizer.PadId, CPU);
        Assert.True(store.TeacherForwards > 2, $"{store.TeacherForwards} forwards");
        Assert.Equal(store.TeacherForwards, forwards);

        int[] all = [.. Enumerable.Range(0, _data.Train.Count)];
        using var batch = Batch.Collate(_data.Train, all, _data.Tokenizer.PadId);
        using var rows = store.Read(all, batch.InputIds.shape[1]);
        using var scope = NewDisposeScope();
        var mask = batch.Labels.ne(Batch.IgnoreIndex);                                          // (B, T)
        var live = Forward(teacher, batch).div(Temperature).log_softmax(-1).index([mask]);      // (N, V)
        var (logProbs, ids) = live.topk(k, -1);
        Assert.Equal(ids.data<long>().ToArray(), rows.Ids.index([mask]).data<long>().ToArray());
        Assert.True(logProbs.allclose(rows.LogProbs.index([mask]), rtol: 1e-5, atol: 1e-5));
    }

    private static Tensor Forward(Gpt model, Batch batch)
    {
        using var _ = no_grad();
        return model.call(batch.InputIds);
    }
}
