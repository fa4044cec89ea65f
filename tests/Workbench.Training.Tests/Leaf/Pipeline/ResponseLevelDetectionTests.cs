using Workbench.Experiments.Datasets;
using Workbench.Experiments.Leaf;
using Workbench.Training.Data;
using Workbench.Training.Leaf;
using Workbench.Training.Leaf.Pipeline;
using Workbench.Training.Models;
using Workbench.Training.Tests.Shared;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Leaf.Pipeline;

public sealed class ResponseLevelDetectionTests : TorchTest
{
    private static DatasetSplits Data(params (string Prompt, string Completion)[] samples) =>
        TextDatasetSplits.From(TextDataset.FromSamples([.. samples.Select(s => new DatasetSample(s.Prompt, s.Completion, null, null, DatasetSplitNames.Train))]));

    [Fact]
    public void Run_TwoStepResponse_CounterfactualsKeepThePrunedPrefixAsContextAndSuperviseOnlyTheRemainder()
    {
        var data = Data(("Ann has 3 pens.", "She buys 2 more pens today.\nShe now has 5 pens."),
                        ("Ben has 4 cards.", "9"));
        using var teacher = new Gpt(new GptConfig(1, 2, 32, 64, data.Tokenizer.VocabSize), new Generator(1));
        using var student = new Gpt(new GptConfig(1, 2, 16, 64, data.Tokenizer.VocabSize), new Generator(2));

        var found = new ResponseLevelDetection(teacher, student, CPU, new DetectionSettings(), data)
            .Run([.. data.Train.Select((p, i) => (i, p))]);

        Assert.NotEmpty(found);                                              // quantile mode flags at least one prefix span
        var original = data.Train[0];
        var remainderIds = TextDatasetTokenizer.Encode((WordTokenizer)data.Tokenizer, TextDatasetTokenizer.Pretokenize("She now has 5 pens."));
        foreach (var cf in found)
        {
            Assert.True(cf.IsCounterfactual);
            Assert.Equal(0, cf.Source);                                      // the bare answer "9" has no boundary
            Assert.Equal("She now has 5 pens.", cf.Problem.Answer);
            Assert.Equal([.. remainderIds, data.Tokenizer.EosId], cf.Problem.TokenIds[cf.Problem.AnswerStart..]);
            Assert.Equal(original.TokenIds[..original.AnswerStart], cf.Problem.TokenIds[..original.AnswerStart]);   // prompt untouched
            Assert.True(cf.Problem.TokenIds.Length < original.TokenIds.Length);                                     // a prefix span is gone
            using var batch = Batch.Collate([cf.Problem], data.Tokenizer.PadId);
            Assert.Equal(remainderIds.Length + 1, batch.TargetCount);                                                // only the remainder and <eos>
        }
    }
}
