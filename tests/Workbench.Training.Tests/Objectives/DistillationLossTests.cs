using Workbench.Experiments;
using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using static Workbench.Training.Tests.Objectives.ObjectiveTestData;

namespace Workbench.Training.Tests.Objectives;

public sealed class DistillationLossTests : TorchTest
{
    private static readonly ObjectiveTerm[] s_hinton =
    [
        new() { Kind = ObjectiveKinds.CrossEntropy, Weight = 0.5 },
        new() { Kind = ObjectiveKinds.ForwardKl, Weight = 0.25, Temperature = 1 },
    ];

    [Fact]
    public void Compute_TwoTerms_TotalIsWeightedSumOfUnweightedTerms()
    {
        // CE of z = [0, ln 3] at y = 1: −ln ¾ = 0.2876821; KL(½,½ ‖ ¼,¾) = 0.1438410
        using var student = Logits([0, MathF.Log(3)]);
        using var teacher = Logits([0, 0]);
        using var labels = Labels(1);
        var result = new DistillationLoss(s_hinton).Compute(student, teacher, labels);
        using var total = result.Total;

        Assert.Equal([ObjectiveKinds.CrossEntropy, ObjectiveKinds.ForwardKl], result.Terms.Select(t => t.Kind));
        Assert.Equal(0.2876821, result.Terms[0].Value, 5);
        Assert.Equal(0.1438410, result.Terms[1].Value, 5);
        Assert.Equal(0.5 * 0.2876821 + 0.25 * 0.1438410, result.TotalValue, 5);
        Assert.Equal(result.TotalValue, total.item<float>(), 5);
        Assert.True(result.IsFinite);
    }

    [Fact]
    public void Compute_StudentEqualsTeacher_SoftTermIsZero()
    {
        using var logits = Logits([2, 1, 0]);
        using var labels = Labels(0);
        var result = new DistillationLoss(s_hinton).Compute(logits, logits, labels);
        result.Total.Dispose();
        Assert.Equal(0, result.Terms[1].Value, 6);
    }

    [Fact]
    public void Compute_KlWithoutTeacherLogits_ThrowsArgumentException()
    {
        using var logits = Logits([2, 1, 0]);
        using var labels = Labels(0);
        Assert.Throws<ArgumentException>(() => new DistillationLoss(s_hinton).Compute(logits, null, labels));
    }

    [Fact]
    public void Compute_NaNLogits_ReportsTheNonFiniteTerm()
    {
        using var student = Logits([0, 0]);
        using var teacher = Logits([float.NaN, 0]);
        using var labels = Labels(1);
        var result = new DistillationLoss(s_hinton).Compute(student, teacher, labels);
        result.Total.Dispose();
        Assert.False(result.IsFinite);
        Assert.Equal([ObjectiveKinds.ForwardKl], result.NonFiniteTerms);
    }

    [Fact]
    public void Constructor_UnknownKind_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new DistillationLoss([new ObjectiveTerm { Kind = "mystery" }]));
    }

    [Fact]
    public void TeacherIsTopKOnly_DependsOnEveryTeacherTerm()
    {
        ObjectiveTerm ce = new(), topK = new() { Kind = ObjectiveKinds.TopKKl, TopK = 2 }, kl = new() { Kind = ObjectiveKinds.ForwardKl };
        Assert.True(new DistillationLoss([ce, topK]).TeacherIsTopKOnly);
        Assert.False(new DistillationLoss([ce, topK, kl]).TeacherIsTopKOnly);
        Assert.False(new DistillationLoss([ce]).TeacherIsTopKOnly);
    }

    [Fact]
    public void ComputeWithTeacherTopK_CeAndTopK_EqualsTheLiveTeacher()
    {
        using var student = RandomLogits(1);
        using var teacherLogits = RandomLogits(2);
        using var labels = RandomLabels(1);
        var loss = new DistillationLoss([new ObjectiveTerm { Weight = 0.5 }, new ObjectiveTerm { Kind = ObjectiveKinds.TopKKl, TopK = 3, Temperature = 2 }]);
        var live = loss.Compute(student, teacherLogits, labels);
        live.Total.Dispose();

        var cached = loss.ComputeWithTeacherTopK(student, term => TopKOf(teacherLogits, term), labels);
        cached.Total.Dispose();

        Assert.Equal(live.TotalValue, cached.TotalValue, 5);
        Assert.Equal(live.Terms.Select(t => t.Value), cached.Terms.Select(t => t.Value), (a, b) => Math.Abs(a - b) < 1e-5);
    }

    [Fact]
    public void ComputeWithTeacherTopK_FullVocabularyTerm_Throws()
    {
        using var student = RandomLogits(1);
        using var labels = RandomLabels(1);
        var loss = new DistillationLoss([new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl }]);
        Assert.Throws<InvalidOperationException>(() => loss.ComputeWithTeacherTopK(student, _ => throw new InvalidOperationException("not read"), labels));
    }

    // What a cache holds, from live logits (B, T, V): the top-k of z/T as log-probabilities and the leftover log mass.
    private static TeacherTopK TopKOf(TorchSharp.torch.Tensor logits, TopKKlObjective term)
    {
        using var scaled = logits / term.Temperature;
        using var log_p = TorchSharp.torch.nn.functional.log_softmax(scaled, 2);
        var (values, ids) = log_p.topk(term.K, dim: 2);
        using var mass = values.exp().sum(2);
        using var rest = 1 - mass;
        return new TeacherTopK(ids, values, rest.log(), term.Temperature);
    }
}
