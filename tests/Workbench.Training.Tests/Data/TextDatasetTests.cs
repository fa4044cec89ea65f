using System.Text;
using Workbench.Experiments;
using Workbench.Experiments.Datasets;
using Workbench.Training.Data;

namespace Workbench.Training.Tests.Data;

public sealed class TextDatasetTests
{
    private static DatasetSample Sample(string prompt, string completion, string split = DatasetSplitNames.Train, params CharSpan[] spans) =>
        new(prompt, completion, null, spans.Length == 0 ? null : spans, split);

    [Fact]
    public void Pretokenize_WordsPunctuationAndEmoji_KeepOffsets()
    {
        var text = "Ann's 3 pens, 😀ok!";

        var tokens = TextDatasetTokenizer.Pretokenize(text);

        Assert.Equal(["Ann", "'", "s", "3", "pens", ",", "😀", "ok", "!"], tokens.Select(t => t.Text));
        Assert.All(tokens, t => Assert.Equal(t.Text, text[t.Start..t.End]));
        Assert.Equal(new TextDatasetToken("😀", 14, 16), tokens[6]);
    }

    [Fact]
    public void FromSamples_Sample_MapsToBosPromptSepCompletionEos()
    {
        var dataset = TextDataset.FromSamples([Sample("How many pens?", "Eight pens.")]);
        var tokenizer = dataset.Tokenizer;

        var problem = Assert.Single(dataset.Train).Problem;

        Assert.Equal("<bos> How many pens ? <sep> Eight pens . <eos>", tokenizer.Decode(problem.TokenIds));
        Assert.Equal(6, problem.AnswerStart);
        Assert.Equal("Eight pens .", tokenizer.Decode(problem.AnswerIds.ToArray()));
        Assert.Equal(4, problem.TargetCount);   // 3 completion tokens + <eos>
        Assert.DoesNotContain(tokenizer.UnkId, problem.TokenIds);
        Assert.Equal("train", problem.Template);
        Assert.Equal(10, dataset.MaxSequenceLength);
    }

    [Fact]
    public void Build_SameVocabularyInAnyOrder_SameIdAndIds()
    {
        DatasetSample[] a = [Sample("red fox", "x"), Sample("blue cat", "y")];
        DatasetSample[] b = [Sample("blue cat", "y", DatasetSplitNames.Eval), Sample("red fox", "x")];

        WordTokenizer first = TextDatasetTokenizer.Build(a), second = TextDatasetTokenizer.Build(b);

        Assert.StartsWith(TextDatasetTokenizer.IdPrefix, first.Id);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.IdOf("fox"), second.IdOf("fox"));
        Assert.NotEqual(first.Id, TextDatasetTokenizer.Build([Sample("red fox", "z")]).Id);
        Assert.Equal(0, first.VocabSize % 8);
    }

    [Fact]
    public void ConfounderSpans_MapToTheTokensTheyCover()
    {
        // "Tom has 3 pens. It rains. How many?" — the span covers "It rains." (offsets 16..25).
        const string prompt = "Tom has 3 pens. It rains. How many?";
        var span = new CharSpan(prompt.IndexOf("It", StringComparison.Ordinal), prompt.IndexOf("How", StringComparison.Ordinal) - 1);
        var dataset = TextDataset.FromSamples([Sample(prompt, "3", DatasetSplitNames.Train, span)]);

        var sample = Assert.Single(dataset.Train);
        var (start, end) = Assert.Single(sample.ConfounderTokenRanges);

        Assert.Equal("It rains .", dataset.Tokenizer.Decode(sample.Problem.TokenIds[start..end]));
    }

    [Fact]
    public void TokenRange_SpanInsideOneWordOrOnlySpaces()
    {
        var tokens = TextDatasetTokenizer.Pretokenize("alpha  beta");
        Assert.Equal((0, 1), TextDatasetTokenizer.TokenRange(tokens, new CharSpan(1, 3)));   // part of "alpha"
        var (start, end) = TextDatasetTokenizer.TokenRange(tokens, new CharSpan(5, 7));        // the two spaces
        Assert.Equal(start, end);
    }

    [Fact]
    public async Task LoadAsync_ExportedFile_SplitsByFieldAndRejectsBadFiles()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("wb-textdata-").FullName, "1.jsonl");
        try
        {
            await File.WriteAllTextAsync(path, JsonlDatasetWriter.ToJsonl(
            [
                Sample("a b", "c"), Sample("d e", "f", DatasetSplitNames.Eval), Sample("g", "h", DatasetSplitNames.Test), Sample("i", "j"),
            ]), Encoding.UTF8);

            var dataset = await TextDataset.LoadAsync(path);

            Assert.Equal((2, 1, 1), (dataset.Train.Count, dataset.Eval.Count, dataset.Test.Count));

            await File.AppendAllTextAsync(path, "{\"prompt\":\"x\"}\n");
            var error = await Assert.ThrowsAsync<InvalidDataException>(() => TextDataset.LoadAsync(path));
            Assert.Contains("line 5, completion", error.Message);
        }
        finally { Directory.Delete(Path.GetDirectoryName(path)!, recursive: true); }
    }
}
