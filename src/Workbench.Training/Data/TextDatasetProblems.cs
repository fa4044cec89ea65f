using Workbench.Experiments;
using Workbench.Experiments.Datasets;

namespace Workbench.Training.Data;

/// <summary>
/// The one place an imported sample becomes the trainer's <see cref="ArithmeticProblem"/>, as
/// <see cref="ArithmeticProblems.ToProblem"/> does for the built-in data: <c>&lt;bos&gt; prompt &lt;sep&gt; completion &lt;eos&gt;</c>.
/// The completion is the target (<see cref="ArithmeticProblem.Answer"/>, what eval compares token by token); the file's short
/// "answer" stays on <see cref="TextDatasetSample.Source"/>. Template records the split. If the record gains members, adapt here.
/// </summary>
public static class TextDatasetProblems
{
    public static TextDatasetSample ToSample(WordTokenizer tokenizer, DatasetSample sample)
    {
        var promptTokens = TextDatasetTokenizer.Pretokenize(sample.Prompt);
        var completionTokens = TextDatasetTokenizer.Pretokenize(sample.Completion);
        int[] promptIds = TextDatasetTokenizer.Encode(tokenizer, promptTokens), completionIds = TextDatasetTokenizer.Encode(tokenizer, completionTokens);
        int[] ids = [tokenizer.BosId, .. promptIds, tokenizer.SepId, .. completionIds, tokenizer.EosId];
        var problem = new ArithmeticProblem(sample.Prompt, sample.Completion, sample.Split, ids, promptIds.Length + 2,
                                            ConfounderSpans: sample.ConfounderSpans is { Count: > 0 } spans ? spans : null,
                                            PromptOffsets: [.. promptTokens.Select(t => new CharSpan(t.Start, t.End))]) { ShortAnswer = sample.Answer };
        var ranges = (sample.ConfounderSpans ?? [])
            .Select(span => TextDatasetTokenizer.TokenRange(promptTokens, span))
            .Select(r => (r.Start + 1, r.End + 1))   // + 1 for <bos>
            .ToList();
        return new TextDatasetSample(sample, promptTokens, completionTokens, problem, ranges);
    }

    /// <summary>
    /// The problem with <paramref name="prompt"/> in place of its prompt (a LeaF counterfactual), same completion and split;
    /// null when the new prompt has a word outside the dataset's vocabulary.
    /// </summary>
    public static ArithmeticProblem? WithPrompt(WordTokenizer tokenizer, ArithmeticProblem original, string prompt)
    {
        var sample = new DatasetSample(prompt, original.Answer, null, null, DatasetSplitNames.Train);
        var rebuilt = ToSample(tokenizer, sample).Problem;
        return rebuilt.TokenIds.Contains(tokenizer.UnkId) ? null : rebuilt with { Template = original.Template };
    }
}
