using Workbench.Experiments;

namespace Workbench.Training.Data;

/// <summary>An imported dataset as the trainer's splits: train, eval (the test split when there is no eval split), and test as an extra split.</summary>
public static class TextDatasetSplits
{
    public const string TestSplit = "test";

    public static DatasetSplits From(TextDataset data)
    {
        IReadOnlyList<ArithmeticProblem> train = [.. data.Train.Select(s => s.Problem)];
        IReadOnlyList<ArithmeticProblem> test = [.. data.Test.Select(s => s.Problem)];
        IReadOnlyList<ArithmeticProblem> eval = data.Eval.Count > 0 ? [.. data.Eval.Select(s => s.Problem)] : test;
        if (train.Count == 0) throw new InvalidDataException("The imported dataset has no training samples.");
        var extra = new Dictionary<string, IReadOnlyList<ArithmeticProblem>>();
        if (test.Count > 0 && !ReferenceEquals(eval, test)) extra[TestSplit] = test;
        return new DatasetSplits(train, eval, data.Tokenizer, extra)
        {
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
