using Workbench.Experiments;
using Workbench.Experiments.Leaf;
using Workbench.Training.Data;
using Workbench.Training.Leaf.Pipeline;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using Workbench.Training.Trainer;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Leaf.Pipeline;

/// <summary>How stage 2 mixes the loss on original rows (L_kd) and counterfactual rows (L_cd), checked against separate batches.</summary>
public sealed class LeafStepTests : TorchTest
{
    private static readonly DistractorProblems s_data = DistractorProblems.Generate(7, 8, 0);

    private static (Gpt Student, Gpt Teacher) Models()
    {
        var vocab = s_data.Tokenizer.VocabSize;
        using var g1 = new Generator(1);
        using var g2 = new Generator(2);
        return (new Gpt(new GptConfig(1, 2, 16, 64, vocab), g1), new Gpt(new GptConfig(1, 2, 32, 64, vocab), g2));
    }

    // Two originals and two shorter "counterfactuals" (other problems stand in: only the row roles matter here).
    private static LeafExample[] Examples() =>
    [
        new(s_data.Shortcut[0], false, 0), new(s_data.Shortcut[1], false, 1),
        new(s_data.Shortcut[2], true, 0), new(s_data.Shortcut[3], true, 1),
    ];

    private static double TokenMeanKl(Gpt student, Gpt teacher, IEnumerable<ArithmeticProblem> rows)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        using var loss = new DistillationLoss([new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl }]);
        using var batch = Batch.Collate([.. rows], s_data.Tokenizer.PadId);
        return loss.Compute(student.call(batch.InputIds), teacher.call(batch.InputIds), batch.Labels).TotalValue;
    }

    private static LeafStepResult Step(string mixing, double lambda)
    {
        var (student, teacher) = Models();
        using var _s = student;
        using var _t = teacher;
        teacher.eval();
        student.eval();   // no dropout either way; eval keeps the comparison exact
        var examples = Examples();
        var expectedKd = TokenMeanKl(student, teacher, examples.Where(e => !e.IsCounterfactual).Select(e => e.Problem));
        var expectedCd = TokenMeanKl(student, teacher, examples.Where(e => e.IsCounterfactual).Select(e => e.Problem));
        using var optimizer = TrainingStep.CreateOptimizer(student, 1e-3);
        using var loss = new DistillationLoss([new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl }]);
        var result = new LeafStep(student, teacher, loss, optimizer, 1.0, mixing, lambda).Run(examples, s_data.Tokenizer.PadId, CPU, 1e-3);
        Assert.Equal(expectedKd, result.Kd!.Value, 5);
        Assert.Equal(expectedCd, result.Cd!.Value, 5);
        return result;
    }

    // precision bf16: the same step under CPU autocast reports L_kd and L_cd to bf16's precision, not bit-for-bit.
    [Fact]
    public void Run_Bf16_CloseToFp32()
    {
        double[] Losses(string precision)
        {
            var (student, teacher) = Models();
            using var _s = student;
            using var _t = teacher;
            teacher.eval();
            student.eval();
            using var optimizer = TrainingStep.CreateOptimizer(student, 1e-3);
            using var loss = new DistillationLoss([new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl }]);
            var result = new LeafStep(student, teacher, loss, optimizer, 1.0, LeafMixings.Paired, 0.5, precision).Run(Examples(), s_data.Tokenizer.PadId, CPU, 1e-3);
            return [result.Kd!.Value, result.Cd!.Value, result.Total];
        }
        var (fp32, bf16) = (Losses(Precisions.Float32), Losses(Precisions.BFloat16));
        Assert.NotEqual(fp32, bf16);
        for (var i = 0; i < fp32.Length; i++) Assert.True(Math.Abs(fp32[i] - bf16[i]) <= 3e-2 * Math.Abs(fp32[i]) + 1e-3, $"{i}: fp32 {fp32[i]} vs bf16 {bf16[i]}");
    }

    [Fact]
    public void Run_Paired_IsLambdaWeightedSumOfTheTwoTokenMeans()
    {
        var result = Step(LeafMixings.Paired, 0.3);
        Assert.Equal(0.3 * result.Kd!.Value + 0.7 * result.Cd!.Value, result.Total, 6);
    }

    [Fact]
    public void Run_DataMix_IsTheTokenMeanOverEveryRow()
    {
        var examples = Examples();
        var kdTokens = examples.Where(e => !e.IsCounterfactual).Sum(e => e.Problem.TargetCount);
        var cdTokens = examples.Where(e => e.IsCounterfactual).Sum(e => e.Problem.TargetCount);
        var result = Step(LeafMixings.DataMix, 0.3);
        Assert.Equal((kdTokens * result.Kd!.Value + cdTokens * result.Cd!.Value) / (kdTokens + cdTokens), result.Total, 6);
    }

    [Fact]
    public void Run_HiddenMseBesideTheKl_ReportsBothTermsAndTrainsTheProjection()
    {
        var (student, teacher) = Models();
        using var _s = student;
        using var _t = teacher;
        ObjectiveTerm[] terms = [new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl }, new ObjectiveTerm { Kind = ObjectiveKinds.HiddenMse, Weight = 0.1 }];
        using var loss = new DistillationLoss(terms, student.Shape, teacher.Shape);
        using var optimizer = TrainingStep.CreateOptimizer(student, 1e-3, lossParameters: loss.parameters());
        var projection = loss.parameters().First();
        using var before = projection.detach().clone();

        var result = new LeafStep(student, teacher, loss, optimizer, 1.0, LeafMixings.DataMix, 0.5).Run(Examples(), s_data.Tokenizer.PadId, CPU, 1e-3);

        Assert.True(result.IsFinite);
        Assert.Equal(2, result.Terms.Count);
        Assert.All(result.Terms, t => Assert.True(t.Value > 0, $"{t} is not positive."));
        Assert.NotNull(result.Kd);
        Assert.NotNull(result.Cd);
        Assert.False(projection.detach().allclose(before), "The hidden-state projection did not train.");
    }
}
