using Workbench.Experiments;
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

    // Peak 1e-3, 110 steps, 10 warmup steps: 100 decay steps, so step 35 is a quarter and step 60 half way.
    [Theory]
    [InlineData(LearningRateSchedules.Cosine, 5, 5e-4)]
    [InlineData(LearningRateSchedules.Cosine, 10, 1e-3)]
    [InlineData(LearningRateSchedules.Cosine, 35, 8.68198052e-4)]   // 1e-4 + 9e-4 · ½(1 + cos π/4)
    [InlineData(LearningRateSchedules.Cosine, 60, 5.5e-4)]         // 1e-4 + 9e-4 · ½
    [InlineData(LearningRateSchedules.Cosine, 110, 1e-4)]
    [InlineData(LearningRateSchedules.Linear, 5, 5e-4)]
    [InlineData(LearningRateSchedules.Linear, 35, 7.75e-4)]        // 1e-4 + 9e-4 · ¾
    [InlineData(LearningRateSchedules.Linear, 60, 5.5e-4)]
    [InlineData(LearningRateSchedules.Linear, 110, 1e-4)]
    [InlineData(LearningRateSchedules.Constant, 5, 5e-4)]
    [InlineData(LearningRateSchedules.Constant, 11, 1e-3)]
    [InlineData(LearningRateSchedules.Constant, 110, 1e-3)]
    public void At_ExplicitWarmupAndSchedule_MatchesHandValues(string kind, int step, double expected)
    {
        var schedule = new LearningRateSchedule(1e-3, 110, kind: kind, warmupSteps: 10);
        Assert.Equal(expected, schedule.At(step), 10);
    }

    [Fact]
    public void At_ZeroWarmupLinear_StartsBelowPeak()
    {
        var schedule = new LearningRateSchedule(1e-3, 10, kind: LearningRateSchedules.Linear, warmupSteps: 0);
        Assert.Equal(9.1e-4, schedule.At(1), 12);                    // 1e-4 + 9e-4 · 0.9
        Assert.Equal(1e-4, schedule.At(10), 12);
    }

    [Fact]
    public void Constructor_UnknownKind_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => new LearningRateSchedule(1e-3, 10, kind: "step"));
}
