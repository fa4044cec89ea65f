using Workbench.Experiments.Datasets;
using Workbench.Tests.Shared;
using Workbench.Training.Data;
using Workbench.Training.Tests.Shared;

namespace Workbench.Training.Tests.Data;

public sealed class TextDatasetSplitsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private static IReadOnlyList<DatasetSample> Parse(string path, string? split = null)
    {
        var parsed = new JsonlDatasetParser().Parse(File.ReadAllBytes(path), split);
        Assert.True(parsed.Succeeded, string.Join("; ", parsed.Errors));
        return parsed.Samples;
    }

    // What the host exports after the OOD file was added as the "ood" split: both files' samples in one file.
    private static TextDataset GsmIcWithOod() => TextDataset.FromSamples([.. Parse(GsmIcStyleFixture.Train), .. Parse(GsmIcStyleFixture.Ood, "ood")]);

    private static DatasetSample Sample(string prompt, string split) => new(prompt, "c", null, null, split);

    [Fact]
    public void From_GsmIcTrainEvalAndOod_TrainsOnTrainScoresEvalAndOffersOodByName()
    {
        var splits = TextDatasetSplits.From(GsmIcWithOod());

        Assert.Equal(GsmIcStyleFixture.TrainLines, splits.Train.Count);
        Assert.Equal(GsmIcStyleFixture.EvalLines, splits.Eval.Count);
        var ood = splits.ExtraEvalSplits["ood"];
        Assert.Equal(["ood"], splits.ExtraEvalSplits.Keys);
        Assert.Equal(GsmIcStyleFixture.OodLines, ood.Count);
        Assert.All(ood, p => Assert.Equal("ood", p.Template));
        Assert.All(ood, p => Assert.Single(p.ConfounderSpans!));
        Assert.Same(ood, splits.Named("ood"));
        Assert.Same(splits.Eval, splits.Named("eval"));
        Assert.Same(splits.Train, splits.Named("train"));
        Assert.Null(splits.Named("test"));
    }

    [Fact]
    public void From_GsmIcWithOod_VocabularyCoversTheOodWords()
    {
        var data = GsmIcWithOod();
        var splits = TextDatasetSplits.From(data);

        // The OOD operands (13..40) and answers are words the training file never has.
        Assert.Contains(splits.ExtraEvalSplits["ood"], p => p.Prompt.Contains("867", StringComparison.Ordinal));
        Assert.DoesNotContain(Parse(GsmIcStyleFixture.Train), s => (s.Prompt + s.Completion).Contains("867", StringComparison.Ordinal));
        Assert.All(splits.ExtraEvalSplits["ood"], p => Assert.DoesNotContain(data.Tokenizer.UnkId, p.TokenIds));
        // So adding the split changes the vocabulary: a checkpoint trained on the train file alone has another tokenizer id.
        Assert.NotEqual(TextDataset.FromSamples(Parse(GsmIcStyleFixture.Train)).Tokenizer.Id, data.Tokenizer.Id);
    }

    [Fact]
    public void From_EvalAndTest_TestIsAnExtraSplitBesideTheOthers()
    {
        var data = TextDataset.FromSamples(
            [Sample("a", "train"), Sample("b", "iid"), Sample("c", "test"), Sample("d", "eval"), Sample("e", "heldout-2")]);

        var splits = TextDatasetSplits.From(data);

        Assert.Equal(["d"], splits.Eval.Select(p => p.Prompt));
        Assert.Equal(["test", "iid", "heldout-2"], splits.ExtraEvalSplits.Keys);
        Assert.Equal(["c"], splits.ExtraEvalSplits["test"].Select(p => p.Prompt));
    }

    [Fact]
    public void From_NoEvalSplit_TestIsScoredAndNotRepeated()
    {
        var splits = TextDatasetSplits.From(TextDataset.FromSamples([Sample("a", "train"), Sample("c", "test"), Sample("o", "ood")]));

        Assert.Equal(["c"], splits.Eval.Select(p => p.Prompt));
        Assert.Equal(["ood"], splits.ExtraEvalSplits.Keys);
        Assert.Same(splits.Eval, splits.Named("test"));
        Assert.Null(splits.Named("eval"));
    }

    [Fact]
    public void From_NoTrainSplit_Refused() =>
        Assert.Throws<InvalidDataException>(() => TextDatasetSplits.From(TextDataset.FromSamples([Sample("o", "ood")])));

    [Fact]
    public void HuggingFaceSplits_ImportedWithOod_KeepsOodByNameWithItsSpans()
    {
        var tokenizer = HuggingFaceRunTokenizer.Load(TinyHuggingFaceFolder.Create(_dir.File("model")), TinyHuggingFaceFolder.Vocab);

        var splits = HuggingFaceSplits.From(TextDatasetSplits.From(GsmIcWithOod()), tokenizer);

        var ood = splits.ExtraEvalSplits["ood"];
        Assert.Equal(GsmIcStyleFixture.OodLines, ood.Count);
        Assert.All(ood, p => Assert.NotEmpty(Workbench.Training.Leaf.Pipeline.PromptLayout.Of(p).GoldKeys));
        Assert.Equal(GsmIcStyleFixture.EvalLines, splits.Eval.Count);
        Assert.Same(ood, splits.Named("ood"));
    }

    public void Dispose() => _dir.Dispose();
}
