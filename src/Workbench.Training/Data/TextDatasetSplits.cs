using Workbench.Experiments;
using Workbench.Experiments.Datasets;

namespace Workbench.Training.Data;

/// <summary>
/// An imported dataset as the trainer's splits: "train"; "eval" scored during training (the "test" split when there is no
/// eval split); and every other split (<c>test</c> beside an eval split, <c>ood</c>, <c>iid</c>, ...) by name in
/// <see cref="DatasetSplits.ExtraEvalSplits"/>, for evaluation sets to pick.
/// </summary>
public static class TextDatasetSplits
{
    public const string TestSplit = DatasetSplitNames.Test;

    public static DatasetSplits From(TextDataset data)
    {
        IReadOnlyList<ArithmeticProblem> Problems(string split) => [.. data.Split(split).Select(s => s.Problem)];
        var train = Problems(DatasetSplitNames.Train);
        if (train.Count == 0) throw new InvalidDataException("The imported dataset has no training samples.");
        var evalSplit = data.Eval.Count > 0 ? DatasetSplitNames.Eval : DatasetSplitNames.Test;
        var extra = data.Splits.Keys
            .Where(name => name != DatasetSplitNames.Train && name != evalSplit)
            .ToDictionary(name => name, Problems);
        return new DatasetSplits(train, Problems(evalSplit), data.Tokenizer, extra)
        {
            EvalName = evalSplit,
            WithPrompt = (original, prompt) => TextDatasetProblems.WithPrompt(data.Tokenizer, original, prompt),
            OffsetsOf = text => [.. TextDatasetTokenizer.Pretokenize(text).Select(t => new CharSpan(t.Start, t.End))],
            WithResponse = (original, prefix, remainder) => ResponseProblems.With(
                original,
                TextDatasetTokenizer.Encode(data.Tokenizer, TextDatasetTokenizer.Pretokenize(prefix)),
                TextDatasetTokenizer.Encode(data.Tokenizer, TextDatasetTokenizer.Pretokenize(remainder)),
                remainder, data.Tokenizer),
        };
    }
}
