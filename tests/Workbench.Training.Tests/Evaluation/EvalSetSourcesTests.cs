using Workbench.Experiments;
using Workbench.Experiments.Evaluation;
using Workbench.Training.Evaluation;
using Workbench.Training.Trainer;

namespace Workbench.Training.Tests.Evaluation;

public sealed class EvalSetSourcesTests
{
    private static readonly RunConfig s_config = new() { Dataset = BuiltInDatasets.DistractorShortcut };
    private static readonly TrainingOptions s_options = new("unused");

    private static IReadOnlyList<EvalSetData> Resolve(params EvalSet[] sets) =>
        EvalSetSources.Resolve(s_config with { EvalSets = sets }, s_options, RunModels.Prepare(s_config, s_options), context: 64);

    [Fact]
    public void Resolve_SplitsByName_TakesTheFirstSamplesOfEach()
    {
        var data = RunModels.Prepare(s_config, s_options).Data;

        var sets = Resolve(new("ood", null, "ood", 10), new("iid", null, "eval"), new("clean", BuiltInDatasets.DistractorClean, BuiltInDatasets.CleanTestSplit, 5));

        Assert.Equal(data.ExtraEvalSplits["ood"].Take(10), sets[0].Problems);
        Assert.Equal(data.Eval.Take(EvalSet.DefaultSamples), sets[1].Problems);
        Assert.Equal(5, sets[2].Problems.Count);
    }

    [Fact]
    public void Resolve_UnknownSplit_NamesTheFieldAndTheSplitsThereAre()
    {
        var error = Assert.Throws<ArgumentException>(() => Resolve(new EvalSet("x", null, "nope")));
        Assert.StartsWith("evalSets[0].split", error.Message);
        Assert.Contains("ood", error.Message);
    }

    [Fact]
    public void Resolve_DatasetWithAnotherVocabulary_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => Resolve(new("a", null, "ood"), new("b", BuiltInDatasets.Arithmetic, "eval")));
        Assert.StartsWith("evalSets[1].dataset", error.Message);
    }

    [Fact]
    public void Resolve_ImportedDatasetWithoutItsFile_NamesTheField() =>
        Assert.StartsWith("evalSets[0].dataset", Assert.Throws<ArgumentException>(() => Resolve(new EvalSet("a", "imported:gsm", "ood"))).Message);
}
