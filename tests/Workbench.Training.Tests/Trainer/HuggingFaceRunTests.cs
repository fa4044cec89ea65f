using Workbench.Experiments;
using Workbench.Experiments.Leaf;
using Workbench.Training.Checkpoints;
using Workbench.Training.Data;
using Workbench.Training.Models.Llama;
using Workbench.Training.Tests.Shared;
using Workbench.Training.Trainer;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Trainer;

/// <summary>Runs whose teacher and student are Hugging Face folders: tokenised with the folder's tokenizer, saved as a folder again.</summary>
public sealed class HuggingFaceRunTests : TorchTest, IDisposable
{
    private static readonly RunConfig s_distill = new()
    {
        Name = "hf-distill",
        Teacher = new ModelRef { Path = "/models/teacher" },
        Student = new ModelRef { Path = "/models/student" },
        Objectives =
        [
            new ObjectiveTerm { Kind = ObjectiveKinds.CrossEntropy, Weight = 0.5 },
            new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl, Weight = 0.5 },
        ],
        Steps = 4,
        BatchSize = 4,
        EvalEvery = 2,
        LearningRate = 1e-3,
    };

    private readonly TempDirectory _dir = new();

    private string Teacher => TinyHuggingFaceFolder.Create(_dir.File("teacher"), LlamaConfig.Llama, hidden: 32, layers: 2, dtype: ScalarType.BFloat16);

    private string Student => TinyHuggingFaceFolder.Create(_dir.File("student"), LlamaConfig.Qwen2, hidden: 16, layers: 1, seed: 2);

    private TrainingOptions Options(string output, string? teacher, string? student) =>
        new(_dir.File(output), teacher, Threads: 1, StudentInitPath: student) { EvalLossSamples = 8, EvalAccuracySamples = 4 };

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Run_LlamaTeacherQwen2Student_TrainsAndSavesAFolderThatLoadsBackAsTheNextTeacher()
    {
        var reporter = new RecordingReporter();
        var result = TrainingRun.Run(s_distill, Options("run", Teacher, Student), reporter, CancellationToken.None);

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.All(reporter.Series(MetricNames.TrainLoss), p => Assert.True(double.IsFinite(p.Value)));
        Assert.NotEmpty(reporter.Series(TrainingRun.EvalForwardKl));
        Assert.All(reporter.Series(MetricNames.ProcessMemory), p => Assert.InRange(p.Value, 10, 24_000));   // MB, at each eval
        Assert.Equal(reporter.Series(MetricNames.EvalLoss).Count, reporter.Series(MetricNames.ProcessMemory).Count);
        // The saved student is a Hugging Face folder with the student's tokenizer: transformers' format, loadable here.
        var folder = Path.GetDirectoryName(result.FinalCheckpointPath)!;
        var info = HuggingFaceModelInfo.Read(folder);
        Assert.Equal("Qwen2ForCausalLM", info.Architecture);
        Assert.True(File.Exists(Path.Combine(folder, HuggingFaceTokenizer.JsonFileName)));
        Assert.Equal(HuggingFaceRunTokenizer.IdOf(_dir.File("student")), ModelFiles.Describe(result.FinalCheckpointPath).TokenizerId);

        // Its weights moved: the saved student differs from where it started.
        using var saved = HuggingFaceCheckpoint.Load(folder);
        using var start = HuggingFaceCheckpoint.Load(_dir.File("student"));
        using var ids = tensor(new long[] { 1, 2, 3, 4 }).reshape(1, 4);
        Assert.False(saved.forward(ids).allclose(start.forward(ids)));

        // A run's saved model.safetensors is a teacher like any folder.
        var next = TrainingRun.Run(s_distill with { Steps = 2 }, Options("next", result.FinalCheckpointPath, Student), new RecordingReporter(), CancellationToken.None);
        Assert.Equal(TrainingOutcome.Completed, next.Outcome);
    }

    [Fact]
    public void Run_FreshGptStudentWithHuggingFaceTeacher_UsesTheTeachersTokenizer()
    {
        var config = s_distill with { Student = new ModelRef { Layers = 1, Heads = 2, Width = 16, Context = 256 } };
        var result = TrainingRun.Run(config, Options("gpt", Teacher, null), new RecordingReporter(), CancellationToken.None);

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.Equal(HuggingFaceRunTokenizer.IdOf(_dir.File("teacher")), GptCheckpoint.ReadInfo(result.FinalCheckpointPath).TokenizerId);
    }

    [Fact]
    public void Run_HuggingFaceTeacherWithWordVocabularyStudent_RefusedNamingBothTokenizers()
    {
        var gptStudent = _dir.File("gpt-student.safetensors");
        var gptConfig = new Workbench.Training.Models.GptConfig(1, 2, 16, 64, WordTokenizer.ForArithmetic().VocabSize);
        using (var model = new Workbench.Training.Models.Gpt(gptConfig)) GptCheckpoint.Save(model, gptConfig, gptStudent, WordTokenizer.ArithmeticId);

        var error = Assert.Throws<InvalidOperationException>(() =>
            TrainingRun.Run(s_distill, Options("mixed", Teacher, gptStudent), new RecordingReporter(), CancellationToken.None));
        Assert.Contains(WordTokenizer.ArithmeticId, error.Message);
        Assert.Contains(HuggingFaceRunTokenizer.IdPrefix, error.Message);
    }

    [Fact]
    public void Run_LeafWithHuggingFaceModels_DetectsOnTheFolderTokenizerAndScoresGoldSpans()
    {
        var config = s_distill with
        {
            Dataset = BuiltInDatasets.DistractorShortcut,
            Objectives = [new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl }],
            Leaf = new LeafConfig { DetectionSamples = 12 },
        };
        var reporter = new RecordingReporter();
        var result = TrainingRun.Run(config, Options("leaf", Teacher, Student), reporter, CancellationToken.None);

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        var sample = reporter.DetectedSamples.First();
        Assert.Equal(sample.Tokens.Length, sample.TeacherRaw.Length);
        Assert.All(sample.Tokens.Select((t, i) => (t, i)), x => Assert.Equal(x.t, sample.Prompt[sample.TokenStarts[x.i]..sample.TokenEnds[x.i]].Trim() == "" ? x.t : x.t));
        Assert.NotEmpty(reporter.Snapshots);                                     // probe attention with the Llama's explicit attention
        Assert.NotEmpty(reporter.Series(LeafMetricNames.TrainKd));
    }

    [Fact]
    public void Run_ResumedFromAHuggingFaceStepCheckpoint_EndsWithTheUninterruptedRunsWeights()
    {
        var config = s_distill with { CheckpointEvery = 2 };
        var (teacher, student) = (Teacher, Student);
        var whole = TrainingRun.Run(config, Options("whole", teacher, student), new RecordingReporter(), CancellationToken.None);
        var stepTwo = TrainingCheckpoint.FolderFor(_dir.File("whole"), 2);
        Assert.Equal("Qwen2ForCausalLM", HuggingFaceModelInfo.Read(stepTwo).Architecture);

        var resumed = TrainingRun.Run(config, Options("resumed", teacher, student) with { ResumeFrom = stepTwo }, new RecordingReporter(), CancellationToken.None);

        Assert.Equal(4, resumed.Steps);
        using var a = HuggingFaceCheckpoint.Load(Path.GetDirectoryName(whole.FinalCheckpointPath)!);
        using var b = HuggingFaceCheckpoint.Load(Path.GetDirectoryName(resumed.FinalCheckpointPath)!);
        foreach (var (name, value) in a.state_dict()) Assert.True(value.allclose(b.state_dict()[name], rtol: 0, atol: 0), name);
    }

    [Fact]
    public void Describe_GptCheckpointBesideARunsConfigJson_IsAGptCheckpointAndAFolderIsHuggingFace()
    {
        var runFolder = Directory.CreateDirectory(_dir.File("run-folder")).FullName;
        File.WriteAllText(Path.Combine(runFolder, "config.json"), """{"name":"a run config, not a model config"}""");
        var gptConfig = new Workbench.Training.Models.GptConfig(1, 2, 16, 64, WordTokenizer.ForArithmetic().VocabSize);
        var path = Path.Combine(runFolder, GptCheckpoint.FileName);
        using (var model = new Workbench.Training.Models.Gpt(gptConfig)) GptCheckpoint.Save(model, gptConfig, path, WordTokenizer.ArithmeticId);

        Assert.False(ModelFiles.Describe(path).IsHuggingFace);
        Assert.True(ModelFiles.Describe(Student).IsHuggingFace);
    }

    [Fact]
    public void Run_TeacherWithPaddedVocabulary_DistilsOverTheStudentsIds()
    {
        // Same tokenizer, 64 more (padding) embedding rows, as a larger Qwen2.5 sibling has.
        var teacher = TinyHuggingFaceFolder.Create(_dir.File("padded-teacher"), LlamaConfig.Qwen2, vocab: TinyHuggingFaceFolder.Vocab + 64);
        var config = s_distill with { Objectives = [.. s_distill.Objectives, new ObjectiveTerm { Kind = ObjectiveKinds.HiddenMse }] };
        var reporter = new RecordingReporter();

        var result = TrainingRun.Run(config, Options("padded", teacher, Student), reporter, CancellationToken.None);

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.All(reporter.Series(TrainingRun.EvalForwardKl), p => Assert.True(double.IsFinite(p.Value)));
    }
}
