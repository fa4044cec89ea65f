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
        var data = ArithmeticProblems.Generate(seed: 2, trainCount: 64, evalCount: 0);
        var config = new GptConfig(1, 2, 16, 64, data.Tokenizer.VocabSize);
        using var generator = new Generator(1);
        using var student = new Gpt(config, generator);
        using var teacher = new Gpt(config, generator);
        teacher.eval();
        using var optimizer = TrainingStep.CreateOptimizer(student, 1e-3);
        var loss = new DistillationLoss([new ObjectiveTerm(), new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl, Temperature = 2 }]);
        var step = new TrainingStep(student, teacher, loss, optimizer);
        var sampler = new BatchSampler<ArithmeticProblem>(data.Train, 8, seed: 1);

        void OneStep()
        {
            using var scope = NewDisposeScope();
            using var batch = Batch.Collate(sampler.Next(), data.Tokenizer.PadId);
            step.Run(batch, 1e-3);
        }

        OneStep();   // the first step creates AdamW's moment buffers and the gradients
        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var i = 0; i < 3; i++) OneStep();
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
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
}
