namespace Workbench.Training.Data;

/// <summary>
/// A dataset re-tokenised for a Hugging Face model: every split's prompts and answers (with their gold spans and distractors)
/// laid out by <see cref="HuggingFaceRunTokenizer.ToProblem"/>, and LeaF's counterfactual builders using the same tokenizer.
/// </summary>
public static class HuggingFaceSplits
{
    public static DatasetSplits From(DatasetSplits data, HuggingFaceRunTokenizer tokenizer)
    {
        IReadOnlyList<ArithmeticProblem> Convert(IReadOnlyList<ArithmeticProblem> split) =>
            [.. split.Select(p => tokenizer.ToProblem(p.Prompt, p.Answer, p.Template, p.ConfounderSpans, p.Distractor) with { ShortAnswer = p.ShortAnswer })];
        return new DatasetSplits(Convert(data.Train), Convert(data.Eval), tokenizer,
                                 data.ExtraEvalSplits.ToDictionary(kv => kv.Key, kv => Convert(kv.Value)))
        {
            EvalName = data.EvalName,
            WithPrompt = (original, prompt) => tokenizer.ToProblem(prompt, original.Answer, original.Template),
            OffsetsOf = text => tokenizer.EncodeWithOffsets(text).Offsets,
            WithResponse = (original, prefix, remainder) =>
                ResponseProblems.With(original, tokenizer.Encode(prefix), tokenizer.Encode(remainder), remainder, tokenizer),
        };
    }
}
