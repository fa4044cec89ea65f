using TorchSharp;
using Workbench.Experiments;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using Workbench.Training.Trainer;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Objectives;

/// <summary>
/// Every objective that reads one tokenization gives the same value on packed rows as on padded ones: logit terms by the
/// per-sample target mask (a token mean over the same targets), feature terms by the same real rows, with attention and
/// value relations confined to each sample.
/// </summary>
public sealed class PackedLossTests : TorchTest
{
    private static readonly ArithmeticProblems s_data = ArithmeticProblems.Generate(seed: 4, trainCount: 16, evalCount: 0);
    private static readonly GptConfig s_teacherConfig = new(Layers: 2, Heads: 4, Width: 32, Context: 64, s_data.Tokenizer.VocabSize);
    private static readonly GptConfig s_studentConfig = new(Layers: 1, Heads: 2, Width: 16, Context: 64, s_data.Tokenizer.VocabSize);

    public static TheoryData<string> Kinds =>
        [.. ObjectiveDescriptors.All.Where(d => d.Reads != ObjectiveInput.AlignedLogits).Select(d => d.Name)];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Compute_PackedRows_SameValueAsPadded(string kind)
    {
        using var scope = NewDisposeScope();
        using var teacher = new Gpt(s_teacherConfig, new Generator(1));
        using var student = new Gpt(s_studentConfig, new Generator(2));
        teacher.eval();
        student.eval();
        using var loss = new DistillationLoss([Term(kind)], student.Shape, teacher.Shape);
        using var padded = Batch.Collate(s_data.Train, s_data.Tokenizer.PadId);
        using var packed = SequencePacking.Collate(s_data.Train, s_data.Tokenizer.PadId, maxRowLength: 64);
        Assert.True(packed.Size < padded.Size, $"{packed.Size} packed rows for {padded.Size} samples");

        var expected = Value(loss, student, teacher, padded);
        var actual = Value(loss, student, teacher, packed);
        Assert.True(Math.Abs(expected - actual) <= 1e-5 * Math.Max(1, Math.Abs(expected)), $"{kind}: padded {expected}, packed {actual}");
    }

    [Fact]
    public void TrainingStep_PackedBatch_SameLossAndSameUpdateAsPadded()
    {
        using var scope = NewDisposeScope();
        using var teacher = new Gpt(s_teacherConfig, new Generator(1));
        teacher.eval();
        ObjectiveTerm[] terms = [new(), new() { Kind = ObjectiveKinds.ForwardKl, Temperature = 2 }, Term(ObjectiveKinds.AttentionTransfer), Term(ObjectiveKinds.ValueRelation)];
        var (paddedLoss, paddedWeights) = OneStep(teacher, terms, Batch.Collate(s_data.Train, s_data.Tokenizer.PadId));
        var (packedLoss, packedWeights) = OneStep(teacher, terms, SequencePacking.Collate(s_data.Train, s_data.Tokenizer.PadId, maxRowLength: 64));
        Assert.Equal(paddedLoss, packedLoss, 1e-5);
        for (var i = 0; i < paddedWeights.Length; i++) TensorAssert.Close(paddedWeights[i], packedWeights[i], atol: 1e-6);
    }

    private static (double Loss, Tensor[] Weights) OneStep(Gpt teacher, ObjectiveTerm[] terms, Batch batch)
    {
        using (batch)
        {
            var student = new Gpt(s_studentConfig, new Generator(2));   // the scope of the caller frees its weights' copies
            using var loss = new DistillationLoss(terms, student.Shape, teacher.Shape);
            using var optimizer = TrainingStep.CreateOptimizer(student, 1e-2, lossParameters: loss.parameters());
            var step = new TrainingStep(student, teacher, loss, optimizer, padId: s_data.Tokenizer.PadId);
            var value = step.Run(batch, 1e-2).TotalValue;
            var weights = student.parameters().Select(p => p.detach().clone()).ToArray();
            student.Dispose();
            return (value, weights);
        }
    }

    private static ObjectiveTerm Term(string kind) =>
        new() { Kind = kind, Temperature = 2, LayerMap = ObjectiveKinds.UsesLayerMap(kind) ? ObjectiveTerm.LayerMapUniform : null };

    private static double Value(DistillationLoss loss, ICausalLanguageModel student, ICausalLanguageModel teacher, Batch batch)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        using var studentPacking = PackedForward.Attach(student, batch.Packing);
        using var teacherPacking = PackedForward.Attach(teacher, batch.Packing);
        using var s = student.ForwardWithFeatures(batch.InputIds, loss.Features);
        using var t = teacher.ForwardWithFeatures(batch.InputIds, loss.Features);
        using var real = batch.InputIds.ne(s_data.Tokenizer.PadId);
        return loss.Compute(s, t, batch.Labels, real).TotalValue;
    }
}
