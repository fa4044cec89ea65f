using TorchSharp;
using Workbench.Training.Tests.Shared;

namespace Workbench.Training.Tests.Trainer;

/// <summary>Runs alone (no other test allocates meanwhile), because it reads the process's resident memory.</summary>
[CollectionDefinition(nameof(NativeMemoryTests), DisableParallelization = true)]
[Collection(nameof(NativeMemoryTests))]
public sealed class NativeMemoryTests : TorchTest
{
    // 0: whole (B, T, V) logits; 48: the chunked logit loss in several chunks per step (a batch has ~100-200 target rows).
    [Theory]
    [InlineData(0L)]
    [InlineData(48L)]
    public void TrainingStep_FiveHundredDistillationSteps_NativeMemoryAndTensorCountStayFlat(long logitChunkRows)
    {
        using var run = new TinyDistillation(layers: 2, width: 64, trainCount: 256, batchSize: 16, dataSeed: 3, logitChunkRows);

        run.Steps(50);   // warm-up: optimizer state, gradients, allocator pools
        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var rssBefore = ResidentBytes();
        run.Steps(450);
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
