using Workbench.Experiments;
using Workbench.Training.Checkpoints;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Models.Llama;
using Workbench.Training.Tests.Shared;
using Workbench.Training.Trainer;

namespace Workbench.Training.Tests.Trainer;

/// <summary>
/// A teacher over the built-in word vocabulary distilled into a Hugging Face student with a byte-level BPE: the run tokenises the
/// problems with both tokenizers, aligns their targets and trains with the cross-tokenizer terms; same-vocabulary terms are refused.
/// </summary>
public sealed class CrossTokenizerRunTests : TorchTest, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static RunConfig Config(params ObjectiveTerm[] teacherTerms) => new()
    {
        Name = "xtok",
        Teacher = new ModelRef { Checkpoint = "1" },
        Student = new ModelRef { Path = "/models/student" },
        Objectives = [new ObjectiveTerm { Kind = ObjectiveKinds.CrossEntropy, Weight = 0.5 }, .. teacherTerms],
        Steps = 3,
        BatchSize = 4,
        EvalEvery = 3,
        LearningRate = 1e-3,
    };

    private TrainingOptions Options(string output)
    {
        var teacherPath = _dir.File("teacher.safetensors");
        if (!File.Exists(teacherPath))
        {
            var config = GptConfig.FromModelRef(new ModelRef { Layers = 1, Heads = 2, Width = 16, Context = 64 }, WordTokenizer.ForArithmetic().VocabSize);
            using var teacher = new Gpt(config);
            GptCheckpoint.Save(teacher, config, teacherPath, WordTokenizer.ArithmeticId);
        }
        var student = _dir.File("student");
        if (!Directory.Exists(student)) TinyHuggingFaceFolder.Create(student, LlamaConfig.Qwen2, hidden: 16, layers: 1, seed: 2);
        return new(_dir.File(output), teacherPath, Threads: 1, StudentInitPath: student) { EvalLossSamples = 8, EvalAccuracySamples = 4 };
    }

    [Theory]
    [InlineData(ObjectiveKinds.Uld)]
    [InlineData(ObjectiveKinds.TokenAlignment)]
    public void Run_WordTeacherBpeStudent_TrainsWithTheCrossTokenizerTerm(string kind)
    {
        var reporter = new RecordingReporter();
        var result = TrainingRun.Run(Config(new ObjectiveTerm { Kind = kind, Weight = 0.5, Temperature = 2 }), Options(kind), reporter, CancellationToken.None);

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        var term = reporter.Series(MetricNames.TrainTerm(kind));
        Assert.Equal(3, term.Count);
        Assert.All(term, p => Assert.True(double.IsFinite(p.Value) && p.Value > 0));
        Assert.Empty(reporter.Series(TrainingRun.EvalForwardKl));   // no teacher comparison across vocabularies
        Assert.NotEmpty(reporter.Series(MetricNames.EvalAccuracy));
    }

    [Fact]
    public void Run_WordTeacherBpeStudentWithForwardKl_IsRefusedNamingTheCrossTokenizerKinds()
    {
        var config = Config(new ObjectiveTerm { Kind = ObjectiveKinds.Uld, Weight = 0.5 }, new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl, Weight = 0.5 });
        var error = Assert.Throws<InvalidOperationException>(() => TrainingRun.Run(config, Options("kl"), new RecordingReporter(), CancellationToken.None));
        Assert.Contains("uld and token_alignment", error.Message);
    }
}
