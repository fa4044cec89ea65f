using Workbench.Experiments;
using Workbench.Web.Live;

namespace Workbench.Web.Tests.Live;

public sealed class MetricTailTests
{
    private static MetricPoint P(string name, long step) => new(name, step, step, DateTime.UnixEpoch);

    [Fact]
    public void TakeNew_OverlappingHistoryAndLive_KeepsEachPointOnce()
    {
        var tail = new MetricTail();
        var history = tail.TakeNew([P("a", 1), P("a", 2), P("b", 2)]);
        var live = tail.TakeNew([P("a", 2), P("a", 3), P("b", 2), P("b", 3)]);

        Assert.Equal(3, history.Count);
        Assert.Equal([P("a", 3), P("b", 3)], live);
    }

    [Fact]
    public void TakeNew_DifferentMetricsSameStep_AreIndependent()
    {
        var tail = new MetricTail();
        tail.TakeNew([P("train/loss", 50)]);
        Assert.Single(tail.TakeNew([P("eval/loss", 50)]));
    }
}
