using Workbench.Training.Tests.Shared;
using Workbench.Training.Trainer;

namespace Workbench.Training.Tests.Trainer;

public sealed class MetricBufferTests
{
    [Fact]
    public void EndStep_HandsEachStepsPointsOverTogether()
    {
        var reporter = new RecordingReporter();
        var buffer = new MetricBuffer(reporter);
        buffer.Add("a", 1, 1);
        buffer.Add("b", 1, 2);
        Assert.Empty(reporter.MetricBatches);
        buffer.EndStep();
        buffer.Add("a", 2, 3);
        buffer.EndStep();
        Assert.Equal([2, 1], reporter.MetricBatches.Select(b => b.Count));
    }
}
