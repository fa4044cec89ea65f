using Workbench.Experiments;
using Workbench.Experiments.Leaf;
using Workbench.Training.Checkpoints;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Trainer;

namespace Workbench.Training.Tests.Shared;

/// <summary>
/// A LeaF run on tiny random models (teacher 1 × 32, student 1 × 16) over the distractor data: the config, the two checkpoints
/// (written once per instance) and the options. For the pipeline's shape, not its effect.
/// </summary>
public sealed class TinyLeaf : IDisposable
{
    public static RunConfig Config { get; } = new()
    {
        Name = "tiny-leaf",
        Dataset = BuiltInDatasets.DistractorShortcut,
        Teacher = new ModelRef { Checkpoint = "teacher" },
        Student = new ModelRef { Checkpoint = "student" },
        Objectives = [new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl }],
        Steps = 4,
        BatchSize = 8,
        EvalEvery = 2,
        LearningRate = 1e-3,
        EvalSets = [new("ood", null, BuiltInDatasets.OodSplit, 16)],
        Leaf = new LeafConfig { DetectionSamples = 40 },
    };

    private readonly TempDirectory _dir = new();

    public string Folder(string name) => _dir.File(name);

    public TrainingOptions Options(string output, string? resumeFrom = null) =>
        new(_dir.File(output), Checkpoint("teacher", 32), Threads: 1, StudentInitPath: Checkpoint("student", 16), ResumeFrom: resumeFrom)
        {
            EvalLossSamples = 16,
            EvalAccuracySamples = 16,
        };

    private string Checkpoint(string name, int width)
    {
        var path = _dir.File($"{name}.safetensors");
        if (File.Exists(path)) return path;
        var config = new GptConfig(1, 2, width, 64, DistractorProblems.CreateTokenizer().VocabSize);
        using var model = new Gpt(config);
        GptCheckpoint.Save(model, config, path, WordTokenizer.DistractorId);
        return path;
    }

    public void Dispose() => _dir.Dispose();
}
