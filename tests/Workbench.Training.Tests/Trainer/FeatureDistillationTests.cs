using TorchSharp;
using Xunit.Abstractions;
using Workbench.Experiments;
using Workbench.Training.Checkpoints;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using Workbench.Training.Trainer;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Trainer;

/// <summary>Training steps with each feature objective on a tiny GPT pair of different depth, width and heads.</summary>
public sealed class FeatureDistillationTests(ITestOutputHelper output) : TorchTest
{
    private static readonly ArithmeticProblems s_data = ArithmeticProblems.Generate(seed: 4, trainCount: 16, evalCount: 0);
    private static readonly GptConfig s_teacherConfig = new(Layers: 2, Heads: 4, Width: 32, Context: 64, s_data.Tokenizer.VocabSize);
    private static readonly GptConfig s_studentConfig = new(Layers: 1, Heads: 2, Width: 16, Context: 64, s_data.Tokenizer.VocabSize);

    public static TheoryData<string> Kinds => [.. ObjectiveKinds.Feature];

    /// <summary>Term values of <paramref name="steps"/> steps on one repeated batch.</summary>
    private static double[] Train(ObjectiveTerm term, int steps, double learningRate = 1e-2)
    {
        using var teacher = new Gpt(s_teacherConfig, new Generator(1));
        using var student = new Gpt(s_studentConfig, new Generator(2));
        teacher.eval();
        Sharpen(teacher);
        using var loss = new DistillationLoss([term], student.Shape, teacher.Shape);
        using var optimizer = TrainingStep.CreateOptimizer(student, learningRate, lossParameters: loss.parameters());
        var step = new TrainingStep(student, teacher, loss, optimizer, padId: s_data.Tokenizer.PadId);
        using var batch = Batch.Collate(s_data.Train, s_data.Tokenizer.PadId);
        var values = new double[steps];
        for (var i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            values[i] = Assert.Single(step.Run(batch, learningRate).Terms).Value;
        }
        return values;
    }

    // At GPT-2 init every attention row is nearly uniform; larger q/k/v weights give the student something to learn.
    private static void Sharpen(Gpt teacher)
    {
        using var _ = no_grad();
        foreach (var (name, p) in teacher.named_parameters())
            if (name.EndsWith("c_attn.weight", StringComparison.Ordinal)) p.mul_(10);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Run_FeatureObjectiveOnTinyPair_LowersThatTerm(string kind)
    {
        var values = Train(new ObjectiveTerm { Kind = kind, LayerMap = ObjectiveKinds.UsesLayerMap(kind) ? ObjectiveTerm.LayerMapUniform : null }, steps: 30);
        output.WriteLine($"{kind}: {values[0]:G4} -> {values[^1]:G4} after {values.Length} steps");
        Assert.All(values, v => Assert.True(double.IsFinite(v) && v >= 0, $"{v}"));
        Assert.True(values[^1] < 0.8 * values[0], $"{kind}: {values[0]} -> {values[^1]}");
    }

    [Fact]
    public void Run_HiddenMse_TrainsTheProjectionWithTheStudent()
    {
        using var teacher = new Gpt(s_teacherConfig, new Generator(1));
        using var student = new Gpt(s_studentConfig, new Generator(2));
        teacher.eval();
        using var loss = new DistillationLoss([new ObjectiveTerm { Kind = ObjectiveKinds.HiddenMse }], student.Shape, teacher.Shape);
        var projection = Assert.Single(loss.parameters());
        Assert.Equal([32L, 16], projection.shape);
        using var before = projection.clone();
        using var optimizer = TrainingStep.CreateOptimizer(student, 1e-2, lossParameters: loss.parameters());
        var step = new TrainingStep(student, teacher, loss, optimizer, padId: s_data.Tokenizer.PadId);
        using (var scope = NewDisposeScope())
        using (var batch = Batch.Collate(s_data.Train, s_data.Tokenizer.PadId))
            step.Run(batch, 1e-2);
        Assert.False(before.allclose(projection), "the projection did not move");
        foreach (var p in teacher.parameters()) Assert.Null(p.grad);     // the teacher's features carry no graph
    }

    [Fact]
    public void Run_FeatureSteps_LiveTensorCountStaysFlat()
    {
        using var teacher = new Gpt(s_teacherConfig, new Generator(1));
        using var student = new Gpt(s_studentConfig, new Generator(2));
        teacher.eval();
        ObjectiveTerm[] terms = [.. ObjectiveKinds.Feature.Select(k => new ObjectiveTerm { Kind = k })];
        using var loss = new DistillationLoss(terms, student.Shape, teacher.Shape);
        using var optimizer = TrainingStep.CreateOptimizer(student, 1e-3, lossParameters: loss.parameters());
        var step = new TrainingStep(student, teacher, loss, optimizer, padId: s_data.Tokenizer.PadId);
        using var batch = Batch.Collate(s_data.Train, s_data.Tokenizer.PadId);
        void Steps(int n)
        {
            for (var i = 0; i < n; i++)
            {
                using var scope = NewDisposeScope();
                step.Run(batch, 1e-3);
            }
        }
        Steps(1);   // creates AdamW's moments, the gradients and ND's class table
        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Steps(3);
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
