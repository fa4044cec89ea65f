using Workbench.Training.Trainer;

namespace Workbench.Training.Tests.Trainer;

public sealed class LearningRateScheduleTests
{
    [Fact]
    public void At_Warmup_RisesLinearlyToPeak()
    {
        var schedule = new LearningRateSchedule(1e-3, 200);   // warmup 10 steps
        Assert.Equal(10, schedule.WarmupSteps);
        Assert.Equal(1e-4, schedule.At(1), 12);
        Assert.Equal(5e-4, schedule.At(5), 12);
        Assert.Equal(1e-3, schedule.At(10), 12);
    }

    [Fact]
    public void At_AfterWarmup_DecaysByCosineToTenPercent()
    {
        var schedule = new LearningRateSchedule(1e-3, 210);   // warmup 11 steps (5 % of 210 rounded), then 199 decay steps
        var mid = schedule.WarmupSteps + (210 - schedule.WarmupSteps) / 2.0;
        Assert.Equal(1e-4, schedule.At(210), 12);
        Assert.Equal(1e-4 + 0.9e-3 * 0.5, schedule.At((int)mid), 5);
        for (var s = schedule.WarmupSteps + 1; s <= 210; s++) Assert.True(schedule.At(s) <= schedule.At(s - 1));
    }

    [Fact]
    public void At_SingleStep_UsesPeak()
    {
        Assert.Equal(2e-3, new LearningRateSchedule(2e-3, 1).At(1), 12);
    }
}
