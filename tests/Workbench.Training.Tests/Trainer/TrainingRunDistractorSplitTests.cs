using Workbench.Experiments;
using Workbench.Experiments.Datasets;
using Workbench.Training.Data;
using Workbench.Training.Trainer;

namespace Workbench.Training.Tests.Trainer;

public sealed class TrainingRunDistractorSplitTests
{
    [Fact]
    public void DistractorSplit_BuiltInBenchmark_ItsOodSplit()
    {
        var data = BuiltInDataCatalog.Load(BuiltInDatasets.DistractorShortcut);
        Assert.Same(data.ExtraEvalSplits[BuiltInDatasets.OodSplit], TrainingRun.DistractorSplit(data));
    }

    [Fact]
    public void DistractorSplit_ImportedOodWithoutDistractorNumbers_NullSoTheBuiltInCopyRateIsNotAsked()
    {
        var data = TextDatasetSplits.From(TextDataset.FromSamples(
            [new DatasetSample("a b", "c", "3", null, DatasetSplitNames.Train), new DatasetSample("d e", "f", "4", null, "ood")]));

        Assert.NotNull(TrainingRun.ExtraSplit(data, BuiltInDatasets.OodSplit));
        Assert.Null(TrainingRun.DistractorSplit(data));
    }
}
