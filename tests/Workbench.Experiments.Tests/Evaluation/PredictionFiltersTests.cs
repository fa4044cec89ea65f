using Workbench.Experiments.Evaluation;

namespace Workbench.Experiments.Tests.Evaluation;

public sealed class PredictionFiltersTests
{
    private static SamplePrediction At(long step, bool correct, bool copied = false) =>
        new("ood", step, 0, PredictionModels.Student, "x", "x", correct, copied);

    [Theory]
    [InlineData(false, true, "fixed")]
    [InlineData(true, false, "broken")]
    [InlineData(false, false, "still_wrong")]
    public void Matches_BeforeAndNow_OnlyItsOwnFilter(bool before, bool now, string expected)
    {
        foreach (var filter in new[] { PredictionFilters.Fixed, PredictionFilters.Broken, PredictionFilters.StillWrong })
            Assert.Equal(filter == expected, PredictionFilters.Matches(filter, At(0, before), At(10, now)));
        Assert.True(PredictionFilters.Matches(PredictionFilters.All, At(0, before), At(10, now)));
    }

    [Fact]
    public void Matches_RightBeforeAndNow_NoChangeFilter()
    {
        Assert.False(PredictionFilters.Matches(PredictionFilters.Fixed, At(0, true), At(10, true)));
        Assert.False(PredictionFilters.Matches(PredictionFilters.Broken, At(0, true), At(10, true)));
    }

    [Fact]
    public void Matches_Copied_ReadsTheCurrentAnswer()
    {
        Assert.True(PredictionFilters.Matches(PredictionFilters.Copied, At(0, false), At(10, false, copied: true)));
        Assert.False(PredictionFilters.Matches(PredictionFilters.Copied, At(0, false, copied: true), At(10, false)));
    }

    [Fact]
    public void Matches_NoStepZero_OnlyAllAndCopied() =>
        Assert.False(PredictionFilters.Matches(PredictionFilters.StillWrong, null, At(10, false)));

    [Fact]
    public void Matches_UnknownFilter_Throws() =>
        Assert.Throws<ArgumentException>(() => PredictionFilters.Matches("best", null, null));
}
