using Workbench.Experiments;
using Workbench.Training.Models;
using Workbench.Training.Models.Llama;
using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Objectives;

/// <summary>
/// The chunked logit loss (heads run a few target rows at a time, gradients taken per chunk) against the same loss on
/// whole (B, T, V) logits: value, per-term values and every student gradient, for each logit term.
/// </summary>
public sealed class ChunkedLogitLossTests : TorchTest
{
    private const long B = 3, T = 9;

    public static TheoryData<string, string?> Terms => new()
    {
        { ObjectiveKinds.CrossEntropy, null },
        { ObjectiveKinds.ForwardKl, null },
        { ObjectiveKinds.ReverseKl, null },
        { ObjectiveKinds.Jsd, null },
        { ObjectiveKinds.SkewKl, null },
        { ObjectiveKinds.SkewReverseKl, null },
        { ObjectiveKinds.TotalVariation, null },
        { ObjectiveKinds.TopKKl, ObjectiveTerm.MissingMassZero },
        { ObjectiveKinds.TopKKl, ObjectiveTerm.MissingMassSymmetricUniform },
        { ObjectiveKinds.PlackettLuce, null },
    };

    [Theory]
    [MemberData(nameof(Terms))]
    public void ComputeChunked_EachLogitTerm_EqualsWholeLogitsWithGradients(string kind, string? missingMass)
    {
        ObjectiveTerm term = kind == ObjectiveKinds.CrossEntropy
            ? new() { Kind = kind }
            : new() { Kind = kind, Temperature = 2, TopK = 5, MissingMass = missingMass };
        using var loss = new DistillationLoss([new ObjectiveTerm { Weight = 0.5 }, term with { Weight = 0.7 }]);
        AssertChunkedEqualsWhole(loss, TinyLlama.Config(), chunkRows: 4);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]       // one chunk
    public void ComputeChunked_AnyChunkSize_TiedHead_EqualsWholeLogitsWithGradients(long chunkRows)
    {
        using var loss = new DistillationLoss([new ObjectiveTerm(), new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl, Temperature = 2 }]);
        AssertChunkedEqualsWhole(loss, TinyLlama.Config(tied: true), chunkRows);
    }

    [Fact]
    public void ComputeChunked_UnderNoGrad_SameValueAndNoGraph()
    {
        using var loss = new DistillationLoss([new ObjectiveTerm(), new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl }]);
        using var student = TinyLlama.Model(TinyLlama.Config(), seed: 3);
        using var teacher = TinyLlama.Model(TinyLlama.Config(), seed: 4);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var (ids, labels) = Batch();

        var whole = loss.Compute(student.call(ids), teacher.call(ids), labels);
        var chunked = loss.ComputeChunked(student, student.ForwardHidden(ids), teacher, teacher.ForwardHidden(ids), labels, chunkRows: 5);

        Assert.False(chunked.Total.requires_grad);
        Assert.Equal(whole.TotalValue, chunked.TotalValue, 1e-5);
    }

    [Fact]
    public void CanChunk_FeatureTerm_IsFalseAndComputeChunkedThrows()
    {
        var shape = TinyLlama.Config().Shape;
        using var loss = new DistillationLoss([new ObjectiveTerm(), new ObjectiveTerm { Kind = ObjectiveKinds.HiddenMse }], shape, shape);
        using var student = TinyLlama.Model(TinyLlama.Config());
        using var scope = NewDisposeScope();
        var (ids, labels) = Batch();

        Assert.False(loss.CanChunk);
        Assert.Throws<InvalidOperationException>(() => loss.ComputeChunked(student, student.ForwardHidden(ids), student, student.ForwardHidden(ids), labels, 4));
    }

    // Runs the loss both ways on a 3 × 9 batch (a third of the positions without a target) and compares.
    private static void AssertChunkedEqualsWhole(DistillationLoss loss, LlamaConfig config, long chunkRows)
    {
        using var student = TinyLlama.Model(config, seed: 3);
        using var teacher = TinyLlama.Model(config, seed: 4);
        using var scope = NewDisposeScope();
        var (ids, labels) = Batch();

        Tensor teacherLogits, teacherHidden;
        using (no_grad())
        {
            teacherLogits = teacher.call(ids);
            teacherHidden = teacher.ForwardHidden(ids);
        }
        var whole = loss.Compute(student.call(ids), teacherLogits, labels);
        var wholeGrads = Gradients(student, whole.Total);
        var chunked = loss.ComputeChunked(student, student.ForwardHidden(ids), teacher, teacherHidden, labels, chunkRows);
        var chunkedGrads = Gradients(student, chunked.Total);

        Assert.Equal(whole.TotalValue, chunked.TotalValue, 1e-5);
        for (var i = 0; i < whole.Terms.Count; i++) Assert.Equal(whole.Terms[i].Value, chunked.Terms[i].Value, 1e-5);
        Assert.Equal(wholeGrads.Length, chunkedGrads.Length);
        for (var i = 0; i < wholeGrads.Length; i++) TensorAssert.Close(wholeGrads[i], chunkedGrads[i], atol: 1e-5);
    }

    private static (Tensor Ids, Tensor Labels) Batch()
    {
        var ids = TinyLlama.Ids(B, T);
        var labels = ObjectiveTestData.RandomLabels(seed: 5, B, T, TinyLlama.Vocab);
        return (ids, labels);
    }

    // Every student parameter's gradient of total (copied), then the gradients are cleared for the next run.
    private static Tensor[] Gradients(ICausalLanguageModel student, Tensor total)
    {
        total.backward();
        var grads = student.parameters().Select(p => p.grad?.clone() ?? zeros_like(p)).ToArray();
        foreach (var p in student.parameters()) p.grad?.zero_();
        return grads;
    }
}
