using TorchSharp;
using Workbench.Training.Tests.Shared;

namespace Workbench.Training.Tests.Trainer;

/// <summary>Runs alone (no other test allocates meanwhile), because it reads the process's resident memory.</summary>
[CollectionDefinition(nameof(NativeMemoryTests), DisableParallelization = true)]
[Collection(nameof(NativeMemoryTests))]
public sealed class NativeMemoryTests : TorchTest
{
    // Whole (B, T, V) logits on padded rows; the chunked logit loss (48 rows: several chunks per step, a batch has ~100-200
    // target rows) on packed rows, whose layout (positions, segments, mask) is freed with each batch.
    [Theory]
    [InlineData(0L, false)]
    [InlineData(48L, true)]
    public void TrainingStep_FiveHundredDistillationSteps_NativeMemoryAndTensorCountStayFlat(long logitChunkRows, bool packed)
    {
        using var run = new TinyDistillation(layers: 2, width: 64, trainCount: 256, batchSize: 16, dataSeed: 3, logitChunkRows, packed);

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
