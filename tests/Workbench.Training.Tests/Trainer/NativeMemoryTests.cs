using TorchSharp;
using Workbench.Experiments;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using Workbench.Training.Trainer;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Trainer;

/// <summary>Runs alone (no other test allocates meanwhile), because it reads the process's resident memory.</summary>
[CollectionDefinition(nameof(NativeMemoryTests), DisableParallelization = true)]
[Collection(nameof(NativeMemoryTests))]
public sealed class NativeMemoryTests : TorchTest
{
    [Fact]
    public void TrainingStep_FiveHundredDistillationSteps_NativeMemoryAndTensorCountStayFlat()
    {
        var data = ArithmeticProblems.Generate(seed: 3, trainCount: 256, evalCount: 0);
        var config = new GptConfig(2, 2, 64, 64, data.Tokenizer.VocabSize);
        using var generator = new Generator(1);
        using var student = new Gpt(config, generator);
        using var teacher = new Gpt(config, generator);
        teacher.eval();
        using var optimizer = TrainingStep.CreateOptimizer(student, 1e-3);
        var loss = new DistillationLoss([new ObjectiveTerm(), new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl, Temperature = 2 }]);
        var step = new TrainingStep(student, teacher, loss, optimizer);
        var sampler = new BatchSampler<ArithmeticProblem>(data.Train, 16, seed: 1);

        void Steps(int count)
        {
            for (var i = 0; i < count; i++)
            {
                using var scope = NewDisposeScope();
                using var batch = Batch.Collate(sampler.Next(), data.Tokenizer.PadId);
                step.Run(batch, 1e-3);
            }
        }

        Steps(50);   // warm-up: optimizer state, gradients, allocator pools
        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var rssBefore = ResidentBytes();
        Steps(450);
        var growthMb = (ResidentBytes() - rssBefore) / 1048576.0;

        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        // A leak of one (B, T, V) logits tensor per step would add about 450 × 16 × 64 × 272 × 4 B ≈ 500 MB.
        Assert.True(growthMb < 40, $"resident memory grew by {growthMb:0.0} MB over 450 steps");
    }

    private static long ResidentBytes()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }

}
