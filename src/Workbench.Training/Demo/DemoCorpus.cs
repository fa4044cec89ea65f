using Workbench.Experiments;
using Workbench.Training.Data;

namespace Workbench.Training.Demo;

/// <summary>
/// The text the demo tokenizer is trained on: the prompts and answers of every built-in dataset's train split, plus
/// the numbers 0..<see cref="MaxNumber"/> with and without a leading space and the ChatML role names, so those are
/// single tokens even where the datasets never write them (answers follow "\n" in ChatML but " " in plain text).
/// </summary>
public static class DemoCorpus
{
    /// <summary>Every whole number up to this one is a single token, with and without its leading space.</summary>
    public const int MaxNumber = 199;

    public static IReadOnlyList<string> Datasets { get; } =
        [BuiltInDatasets.Arithmetic, BuiltInDatasets.DistractorClean, BuiltInDatasets.DistractorShortcut];

    public static IReadOnlyList<string> Roles { get; } = ["system", "user", "assistant"];

    /// <summary>The corpus texts, in a fixed order.</summary>
    public static IEnumerable<string> Texts()
    {
        foreach (var dataset in Datasets)
            foreach (var problem in BuiltInDataCatalog.Load(dataset).Train)
            {
                yield return problem.Prompt;
                yield return problem.Answer;
            }
        foreach (var text in Numbers().Concat(Roles))
        {
            yield return text;
            yield return " " + text;
        }
    }

    /// <summary>"0" .. "199".</summary>
    public static IEnumerable<string> Numbers() => Enumerable.Range(0, MaxNumber + 1).Select(ArithmeticTemplates.Number);
}
