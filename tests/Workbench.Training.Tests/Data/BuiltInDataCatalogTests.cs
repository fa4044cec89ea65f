using Workbench.Experiments;
using Workbench.Training.Data;

namespace Workbench.Training.Tests.Data;

public sealed class BuiltInDataCatalogTests
{
    [Fact]
    public void Load_EveryBuiltInDataset_HasTrainEvalAndTheNamedExtraSplits()
    {
        Assert.All(BuiltInDatasets.All, name =>
        {
            var data = BuiltInDataCatalog.Load(name);
            Assert.NotEmpty(data.Train);
            Assert.NotEmpty(data.Eval);
            Assert.Equal(BuiltInDatasets.ExtraEvalSplits(name).Order(), data.ExtraEvalSplits.Keys.Order());
            Assert.All(data.Train.Concat(data.Eval), p => Assert.InRange(p.TokenIds.Length, 1, BuiltInDatasets.MaxSequenceLength(name)));
        });
    }

    [Fact]
    public void Load_Arithmetic_IsTheArithmeticDatasetWithItsTokenizer()
    {
        var data = BuiltInDataCatalog.Load(BuiltInDatasets.Arithmetic);
        Assert.Equal(WordTokenizer.ArithmeticId, data.Tokenizer.Id);
        Assert.Equal(ArithmeticProblems.CreateDefault().Eval.Select(p => p.Prompt), data.Eval.Select(p => p.Prompt));
        Assert.Empty(data.ExtraEvalSplits);
    }

    [Fact]
    public void Load_DistractorDatasets_TrainOnTheirSplitAndShareTheInDistributionAndOodTests()
    {
        var generated = DistractorProblems.CreateDefault();
        var clean = BuiltInDataCatalog.Load(BuiltInDatasets.DistractorClean);
        var shortcut = BuiltInDataCatalog.Load(BuiltInDatasets.DistractorShortcut);

        Assert.Equal(generated.Clean.Select(p => p.Prompt), clean.Train.Select(p => p.Prompt));
        Assert.Equal(generated.Shortcut.Select(p => p.Prompt), shortcut.Train.Select(p => p.Prompt));
        Assert.Same(clean.Eval, shortcut.Eval);
        Assert.Equal(generated.InDistributionTest.Select(p => p.Prompt), clean.Eval.Select(p => p.Prompt));
        Assert.Same(clean.ExtraEvalSplits[BuiltInDatasets.OodSplit], shortcut.ExtraEvalSplits[BuiltInDatasets.OodSplit]);
        Assert.Equal(generated.CleanTest.Select(p => p.Prompt), clean.ExtraEvalSplits[BuiltInDatasets.CleanTestSplit].Select(p => p.Prompt));
        Assert.Equal(WordTokenizer.DistractorId, clean.Tokenizer.Id);
        Assert.Same(clean.Tokenizer, shortcut.Tokenizer);
    }

    [Fact]
    public void Load_UnknownName_Throws()
    {
        Assert.Throws<ArgumentException>(() => BuiltInDataCatalog.Load("imagenet"));
    }
}
