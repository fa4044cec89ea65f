using TorchSharp;
using Workbench.Experiments;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using Workbench.Training.Trainer;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Trainer;

public sealed class TrainingStepTests : TorchTest
{
    [Fact]
    public void Run_SeveralStepsInScopes_LiveTensorCountStaysFlat()
    {
        using var run = new TinyDistillation(layers: 1, width: 16, trainCount: 64, batchSize: 8, dataSeed: 2);
        run.Steps(1);   // the first step creates AdamW's moment buffers and the gradients
        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        run.Steps(3);
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Theory]
    [InlineData(ObjectiveKinds.CrossEntropy, 0, 0L)]
    [InlineData(ObjectiveKinds.ForwardKl, 1, 0L)]
    [InlineData(ObjectiveKinds.CrossEntropy, 0, null)]
    [InlineData(ObjectiveKinds.ForwardKl, 1, null)]
    public void Run_WithATeacher_RunsItsForwardOnlyWhenAnObjectiveReadsIt(string kind, int expectedForwards, long? logitChunkRows)
    {
        var data = ArithmeticProblems.Generate(seed: 2, trainCount: 8, evalCount: 0);
        var config = new GptConfig(1, 2, 16, 64, data.Tokenizer.VocabSize);
        using var student = new Gpt(config);
        using var teacher = new Gpt(config);
        var forwards = 0;
        // The final LayerNorm runs once per forward, whole-logits or chunked (which runs the trunk without the module's own call).
        var ln_f = (nn.Module<Tensor, Tensor>)teacher.named_modules().Single(m => m.name == "ln_f").module;
        ln_f.register_forward_hook((_, _, output) => { forwards++; return output; });
        using var optimizer = TrainingStep.CreateOptimizer(student, 1e-3);
        var step = new TrainingStep(student, teacher, new DistillationLoss([new ObjectiveTerm { Kind = kind }]), optimizer, logitChunkRows: logitChunkRows);

        using var scope = NewDisposeScope();
        using var batch = Batch.Collate(data.Train, data.Tokenizer.PadId);
        Assert.True(step.Run(batch, 1e-3).IsFinite);
        Assert.Equal(expectedForwards, forwards);
    }

    [Fact]
    public void Run_ChunkedLogits_SameStepAsWholeLogits()
    {
        var data = ArithmeticProblems.Generate(seed: 2, trainCount: 8, evalCount: 0);
        var config = new GptConfig(1, 2, 16, 64, data.Tokenizer.VocabSize, Dropout: 0);
        using var teacher = new Gpt(config, new Generator(5));
        teacher.eval();
        var terms = new[] { new ObjectiveTerm(), new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl, Temperature = 2 } };
        var after = new List<Tensor[]>();
        var results = new List<LossResult>();
        foreach (long chunkRows in new[] { 0L, 7L })
        {
            using var student = new Gpt(config, new Generator(6));
            using var optimizer = TrainingStep.CreateOptimizer(student, 1e-3);
            var step = new TrainingStep(student, teacher, new DistillationLoss(terms), optimizer, logitChunkRows: chunkRows);
            using var scope = NewDisposeScope();
            using var batch = Batch.Collate(data.Train, data.Tokenizer.PadId);
            results.Add(step.Run(batch, 1e-3));
            after.Add([.. student.parameters().Select(p => p.detach().clone().MoveToOuterDisposeScope())]);
        }

        Assert.Equal(results[0].TotalValue, results[1].TotalValue, 1e-5);
        for (var i = 0; i < after[0].Length; i++) TensorAssert.Close(after[0][i], after[1][i], atol: 1e-6);
        foreach (var t in after.SelectMany(a => a)) t.Dispose();
    }

    // Precisions.BFloat16: the same step under CPU autocast moves the weights as fp32 does, to bf16's precision; fp32 and
    // auto stay bit-for-bit the same on CPU, and the weights, their gradients and AdamW's state stay fp32.
    [Fact]
    public void Run_Bf16OnCpu_CloseToFp32ButNotTheSameArithmetic_WeightsStayFp32()
    {
        var data = ArithmeticProblems.Generate(seed: 2, trainCount: 16, evalCount: 0);
        var config = new GptConfig(2, 2, 32, 64, data.Tokenizer.VocabSize, Dropout: 0);
        using var teacher = new Gpt(config, new Generator(5));
        teacher.eval();
        var terms = new[] { new ObjectiveTerm(), new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl, Temperature = 2 } };
        var losses = new Dictionary<string, double>();
        var weights = new Dictionary<string, Tensor[]>();
        foreach (var precision in new[] { Precisions.Float32, Precisions.Auto, Precisions.BFloat16 })
        {
            using var student = new Gpt(config, new Generator(6));
            using var optimizer = TrainingStep.CreateOptimizer(student, 1e-2);
            var step = new TrainingStep(student, teacher, new DistillationLoss(terms), optimizer, precision: precision);
            using var scope = NewDisposeScope();
            using var batch = Batch.Collate(data.Train, data.Tokenizer.PadId);
            losses[precision] = step.Run(batch, 1e-2).TotalValue;
            losses[precision] += step.Run(batch, 1e-2).TotalValue;   // the second step reads AdamW's state of the first
            Assert.All(student.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
            weights[precision] = [.. student.parameters().Select(p => p.detach().clone().MoveToOuterDisposeScope())];
        }

        Assert.Equal(losses[Precisions.Float32], losses[Precisions.Auto]);
        Assert.NotEqual(losses[Precisions.Float32], losses[Precisions.BFloat16]);
        Assert.Equal(losses[Precisions.Float32], losses[Precisions.BFloat16], losses[Precisions.Float32] * 2e-2);
        // AdamW's normalised updates move near-zero gradients by ±lr whatever their rounding, so compare the whole update:
        // the bf16 step goes where the fp32 step goes (cosine of the two updates over every weight).
        using (var initial = new Gpt(config, new Generator(6)))
        using (NewDisposeScope())
        {
            var start = initial.parameters().Select(p => p.detach().flatten()).ToArray();
            Tensor Update(string precision) => cat([.. weights[precision].Select((w, i) => w.flatten() - start[i])]);
            var (fp32, bf16) = (Update(Precisions.Float32), Update(Precisions.BFloat16));
            var cosine = (fp32.dot(bf16) / (fp32.norm() * bf16.norm())).item<float>();
            Assert.True(cosine > 0.9, $"cosine of the fp32 and bf16 updates {cosine}");
        }
        foreach (var t in weights.Values.SelectMany(w => w)) t.Dispose();
        using var other = new Gpt(config);
        using var otherOptimizer = TrainingStep.CreateOptimizer(other, 1e-3);
        Assert.Throws<ArgumentException>(() => new TrainingStep(other, null, new DistillationLoss([new ObjectiveTerm()]), otherOptimizer, precision: "fp16"));
    }

    [Fact]
    public void Run_NonFiniteLoss_LeavesWeightsUntouched()
    {
        var data = ArithmeticProblems.Generate(seed: 2, trainCount: 8, evalCount: 0);
        var config = new GptConfig(1, 2, 16, 64, data.Tokenizer.VocabSize);
        using var student = new Gpt(config);
        using var teacher = new Gpt(config);
        using (no_grad()) foreach (var p in teacher.parameters()) p.fill_(float.NaN);
        using var optimizer = TrainingStep.CreateOptimizer(student, 1e-3);
        var step = new TrainingStep(student, teacher, new DistillationLoss([new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl }]), optimizer);
        using var before = student.parameters().First().clone();

        using var scope = NewDisposeScope();
        using var batch = Batch.Collate(data.Train, data.Tokenizer.PadId);
        var result = step.Run(batch, 1e-3);

        Assert.False(result.IsFinite);
        TensorAssert.Equal(before, student.parameters().First());
    }

    // split 8: 2 × B against 1 × 2B. Split 4: micro-batches with unequal target counts, where a plain mean of the
    // two token means would differ from the window's global token mean.
    [Theory]
    [InlineData(8)]
    [InlineData(4)]
    public void Run_TwoMicroBatches_MatchesOneBatchOfTheirUnion(int split)
    {
        var data = ArithmeticProblems.Generate(seed: 3, trainCount: 16, evalCount: 0);
        var config = new GptConfig(1, 2, 16, 64, data.Tokenizer.VocabSize, Dropout: 0);
        using var whole = new Gpt(config, new Generator(5));
        using var accumulated = new Gpt(config, new Generator(5));
        using var teacher = new Gpt(config, new Generator(6));
        teacher.eval();
        ObjectiveTerm[] terms = [new() { Weight = 0.5 }, new() { Kind = ObjectiveKinds.ForwardKl, Weight = 0.5, Temperature = 2 }];
        using var optimizerA = TrainingStep.CreateOptimizer(whole, 1e-2);
        using var optimizerB = TrainingStep.CreateOptimizer(accumulated, 1e-2);
        var stepA = new TrainingStep(whole, teacher, new DistillationLoss(terms), optimizerA, gradClip: 0);
        var stepB = new TrainingStep(accumulated, teacher, new DistillationLoss(terms), optimizerB, gradClip: 0);

        var problems = data.Train.ToArray();

        using var scope = NewDisposeScope();
        var a = stepA.Run(Batch.Collate(problems, data.Tokenizer.PadId), 1e-2);
        var halves = new[] { Batch.Collate(problems[..split], data.Tokenizer.PadId), Batch.Collate(problems[split..], data.Tokenizer.PadId) };
        var b = stepB.Run(halves, 1e-2);

        Assert.Equal(a.TotalValue, b.TotalValue, 5);
        Assert.Equal(a.Terms.Select(t => t.Value), b.Terms.Select(t => t.Value), (x, y) => Math.Abs(x - y) < 1e-5);
        foreach (var (p, q) in whole.parameters().Zip(accumulated.parameters()))
        {
            Assert.True(p.grad!.allclose(q.grad!, rtol: 1e-4, atol: 1e-6), "gradients differ");
            Assert.True(p.allclose(q, rtol: 0, atol: 1e-5), "parameters differ after one step");
        }
    }
}
