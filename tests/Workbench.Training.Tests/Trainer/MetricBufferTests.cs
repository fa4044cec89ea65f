using Workbench.Training.Tests.Shared;
using Workbench.Training.Trainer;

namespace Workbench.Training.Tests.Trainer;

public sealed class MetricBufferTests
{
    [Fact]
    public void EndStep_FastSteps_BatchesPoints()
    {
        var reporter = new RecordingReporter();
        var buffer = new MetricBuffer(reporter);
        buffer.Add("a", 1, 1);
        buffer.EndStep(TimeSpan.FromMilliseconds(1));
        buffer.Add("a", 2, 2);
        buffer.EndStep(TimeSpan.FromMilliseconds(1));
        Assert.Empty(reporter.MetricBatches);
        buffer.Flush();
        Assert.Equal(2, Assert.Single(reporter.MetricBatches).Count);
    }

    [Fact]
    public void EndStep_SlowSteps_FlushesEveryStep()
    {
        var reporter = new RecordingReporter();
        var buffer = new MetricBuffer(reporter);
        buffer.Add("a", 1, 1);
        buffer.EndStep(MetricBuffer.MaxHold);
        Assert.Single(reporter.MetricBatches);
    }
}
