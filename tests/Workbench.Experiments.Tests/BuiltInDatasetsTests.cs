using Workbench.Experiments;

namespace Workbench.Experiments.Tests;

public sealed class BuiltInDatasetsTests
{
    [Fact]
    public void All_ListsArithmeticAndTheDistractorDatasets()
    {
        Assert.Equal([BuiltInDatasets.Arithmetic, BuiltInDatasets.DistractorClean, BuiltInDatasets.DistractorShortcut], BuiltInDatasets.All);
    }

    [Fact]
    public void ExtraEvalSplits_DistractorDatasets_IncludeTheOodTest()
    {
        Assert.Empty(BuiltInDatasets.ExtraEvalSplits(BuiltInDatasets.Arithmetic));
        Assert.Equal([BuiltInDatasets.OodSplit, BuiltInDatasets.CleanTestSplit], BuiltInDatasets.ExtraEvalSplits(BuiltInDatasets.DistractorClean));
        Assert.Equal([BuiltInDatasets.OodSplit], BuiltInDatasets.ExtraEvalSplits(BuiltInDatasets.DistractorShortcut));
        Assert.True(BuiltInDatasets.HasDistractors(BuiltInDatasets.DistractorShortcut));
        Assert.False(BuiltInDatasets.HasDistractors(BuiltInDatasets.Arithmetic));
    }

    [Fact]
    public void Validate_DistractorDatasetWithDefaultModel_IsValid()
    {
        Assert.All([BuiltInDatasets.DistractorClean, BuiltInDatasets.DistractorShortcut],
                   d => Assert.Empty(RunConfigValidator.Validate(new RunConfig { Dataset = d })));
    }

    [Fact]
    public void Validate_ContextShorterThanTheDistractorDataset_IsAnError()
    {
        var config = new RunConfig { Dataset = BuiltInDatasets.DistractorShortcut, Student = new ModelRef { Context = 32 } };
        Assert.Contains(RunConfigValidator.Validate(config), e => e.Field == "student.context");
    }
}
