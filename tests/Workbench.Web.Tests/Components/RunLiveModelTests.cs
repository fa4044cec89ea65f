using Workbench.Experiments;
using Workbench.Storage.Entities;
using Workbench.Web.Components.Pages;
using Workbench.Web.Live;

namespace Workbench.Web.Tests.Components;

public sealed class RunLiveModelTests
{
    private static MetricPoint Loss(long step) => new(MetricNames.TrainLoss, step, 1.0 / step, DateTime.UnixEpoch);

    private static RunLiveModel NewModel() => new(new RunEntity { Id = 1, Name = "r", ConfigJson = "{}", TotalSteps = 100 });

    [Fact]
    public void Apply_LiveBeforeHistory_HeldBackThenReplayedWithoutDuplicates()
    {
        var model = NewModel();
        Assert.False(model.Apply(new MetricsArrived(1, [Loss(3), Loss(4)])));   // history not loaded yet

        model.LoadHistory([Loss(1), Loss(2), Loss(3)]);

        Assert.Equal([4L], model.TakePending().Select(p => p.Step));
        Assert.Equal([1L, 2, 3, 4], model.SnapshotForNewCharts()[MetricNames.TrainLoss].Select(p => p.Step));
    }

    [Fact]
    public void HoldForHistory_WorkerFailedOver_MissedPointsReadAgainThenHeldLiveOnes_NoGapNoDuplicate()
    {
        var model = NewModel();
        Assert.False(model.HoldForHistory());   // the first read is still to come
        model.LoadHistory([Loss(1), Loss(2)]);
        model.Apply(new MetricsArrived(1, [Loss(3)]));

        // Host A stored 4 and 5 but died before relaying them; host B hears the worker and relays 6 onwards.
        Assert.True(model.HoldForHistory());
        Assert.False(model.Apply(new MetricsArrived(1, [Loss(6)])));   // held back until the history is in again
        model.LoadHistory([Loss(1), Loss(2), Loss(3), Loss(4), Loss(5), Loss(6)]);
        model.Apply(new MetricsArrived(1, [Loss(7)]));

        Assert.Equal([3L, 4, 5, 6, 7], model.TakePending().Select(p => p.Step));
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], model.SnapshotForNewCharts()[MetricNames.TrainLoss].Select(p => p.Step));
    }

    [Fact]
    public void SnapshotForNewCharts_WithPendingPoints_DropsThemSoNewChartsGetEachPointOnce()
    {
        var model = NewModel();
        model.LoadHistory([Loss(1)]);
        model.Apply(new MetricsArrived(1, [Loss(2)]));

        var snapshot = model.SnapshotForNewCharts();

        Assert.Equal(2, snapshot[MetricNames.TrainLoss].Count);
        Assert.Empty(model.TakePending());
    }

    [Fact]
    public void Eta_RunningAtTenStepsPerSecond_IsRemainingStepsOverRate()
    {
        var model = NewModel();
        model.LoadHistory([]);
        model.Apply(new ProgressChanged(1, new RunProgress(40, 100, 10, 1000)));
        Assert.Equal(TimeSpan.FromSeconds(6), model.Eta);
    }
}
