using Workbench.Training.Checkpoints;
using Workbench.Training.Data;
using Workbench.Training.Data.Bpe;
using Workbench.Training.Demo;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Demo;

/// <summary>Both demo folders, made once under a temp root.</summary>
public sealed class DemoModelFoldersFixture : IDisposable
{
    public DemoModelFoldersFixture()
    {
        set_num_threads(1);
        Folders = DemoModelFolders.EnsureCreated(Root.Path);
    }

    public TempDirectory Root { get; } = new();
    public IReadOnlyList<string> Folders { get; }

    public void Dispose() => Root.Dispose();
}

public sealed class DemoModelFoldersTests(DemoModelFoldersFixture fixture) : TorchTest, IClassFixture<DemoModelFoldersFixture>
{
    private const int TokenizerSize = 905;          // 902 BPE tokens (the corpus saturates) + 3 ChatML specials
    private const int PaddedVocab = 960;

    private string Teacher => fixture.Folders[0];
    private string Student => fixture.Folders[1];

    [Fact]
    public void EnsureCreated_ReturnsTeacherThenStudentsAllComplete()
    {
        Assert.Equal([Path.Combine(fixture.Root.Path, DemoModelFolders.TeacherName), Path.Combine(fixture.Root.Path, DemoModelFolders.StudentName),
                      Path.Combine(fixture.Root.Path, DemoModelFolders.SmallBpeStudentName)],
                     fixture.Folders);
        Assert.All(fixture.Folders, f => Assert.True(DemoModelFolders.IsComplete(f)));
        Assert.Empty(Directory.GetDirectories(fixture.Root.Path, "*.tmp"));
    }

    [Fact]
    public void ReadInfo_Teacher_IsBf16LlamaWithGqaAndUntiedHead()
    {
        var info = HuggingFaceModelInfo.Read(Teacher);
        Assert.Equal("LlamaForCausalLM", info.Architecture);
        Assert.Equal("bfloat16", info.DType);
        Assert.Equal(PaddedVocab, info.VocabSize);
        Assert.Equal((4, 128, 4, 2, false), (info.Layers, info.HiddenSize, info.AttentionHeads, info.KeyValueHeads, info.TiedEmbeddings));
        Assert.Equal("byte-level BPE (tokenizer.json)", info.Tokenizer);
        Assert.Equal(DemoModelConfigs.Teacher(PaddedVocab).ParameterCount(), info.ParameterCount);
    }

    [Fact]
    public void ReadInfo_Student_IsFp32Qwen2WithTiedHead()
    {
        var info = HuggingFaceModelInfo.Read(Student);
        Assert.Equal("Qwen2ForCausalLM", info.Architecture);
        Assert.Equal("float32", info.DType);
        Assert.Equal(PaddedVocab, info.VocabSize);
        Assert.Equal((2, 64, 4, 2, true), (info.Layers, info.HiddenSize, info.AttentionHeads, info.KeyValueHeads, info.TiedEmbeddings));
        Assert.Equal("byte-level BPE (tokenizer.json)", info.Tokenizer);
    }

    [Fact]
    public void Tokenizer_SizeRoundedUpTo64_IsTheModelsVocab()
    {
        var tokenizer = HuggingFaceTokenizer.Load(Student);
        var imEnd = tokenizer.EncodeToIds(ChatMl.ImEnd).Single();
        Assert.Equal(TokenizerSize - 1, imEnd);                                            // the last id the tokenizer makes
        Assert.Equal(PaddedVocab, DemoModelFolders.ModelVocabSize(TokenizerSize));
        Assert.Equal(PaddedVocab, HuggingFaceConfig.Read(Teacher).VocabSize);
        Assert.Equal(File.ReadAllBytes(Path.Combine(Teacher, "tokenizer.json")), File.ReadAllBytes(Path.Combine(Student, "tokenizer.json")));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Load_EncodedChatMlPrompt_GivesFiniteLogits(int which)
    {
        var folder = fixture.Folders[which];
        var ids = HuggingFaceTokenizer.Load(folder)
            .EncodeToIds("<|im_start|>user\nann has 3 pens . she buys 5 more pens . how many pens does ann have ?<|im_end|>\n<|im_start|>assistant\n");
        using var scope = NewDisposeScope();
        using var model = HuggingFaceCheckpoint.Load(folder);
        model.eval();
        using var _ = no_grad();
        var logits = model.call(tensor(ids.Select(i => (long)i).ToArray()).unsqueeze(0));   // (1, T, V)

        Assert.Equal([1L, ids.Count, PaddedVocab], logits.shape);
        Assert.True(logits.isfinite().all().item<bool>());
        Assert.InRange(logits.std().item<float>(), 1e-3f, 10f);                              // random init, not zeros
    }

    [Fact]
    public void EnsureCreated_Again_RewritesNothing()
    {
        var before = Snapshot(fixture.Root.Path);
        var again = DemoModelFolders.EnsureCreated(fixture.Root.Path);
        Assert.Equal(fixture.Folders, again);
        Assert.Equal(before, Snapshot(fixture.Root.Path));
    }

    [Fact]
    public void EnsureCreated_HalfWrittenStudent_IsReplacedAndTeacherLeftAlone()
    {
        using var root = new TempDirectory();
        var teacher = Path.Combine(root.Path, DemoModelFolders.TeacherName);
        CopyFolder(Teacher, teacher);
        var teacherBefore = Snapshot(teacher);
        var student = Path.Combine(root.Path, DemoModelFolders.StudentName);
        Directory.CreateDirectory(student);
        File.WriteAllText(Path.Combine(student, "config.json"), "{}");                   // no weights: incomplete
        Directory.CreateDirectory(student + ".tmp");
        File.WriteAllText(Path.Combine(student + ".tmp", "model.safetensors"), "torn");

        DemoModelFolders.EnsureCreated(root.Path);

        Assert.Equal(teacherBefore, Snapshot(teacher));
        Assert.False(Directory.Exists(student + ".tmp"));
        Assert.True(DemoModelFolders.IsComplete(student));
        Assert.Equal(File.ReadAllBytes(Path.Combine(Student, "model.safetensors")), File.ReadAllBytes(Path.Combine(student, "model.safetensors")));   // fixed seed
        Assert.Equal(File.ReadAllBytes(Path.Combine(Student, "config.json")), File.ReadAllBytes(Path.Combine(student, "config.json")));
    }

    private static Dictionary<string, DateTime> Snapshot(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(root, f), File.GetLastWriteTimeUtc);

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            var target = Path.Combine(to, Path.GetFileName(file));
            File.Copy(file, target);
            File.SetLastWriteTimeUtc(target, File.GetLastWriteTimeUtc(file));
        }
    }
}
