using System.Text.Json;
using Workbench.Experiments;
using Workbench.Training.Data;

namespace Workbench.Training.Leaf.Pipeline;

/// <summary>
/// Stage 1's counterfactual rows as JSON in a resumable checkpoint, so a resumed LeaF run trains on exactly the same set
/// without detecting again (detection compares the teacher with the pre-KD student, which a resumed run no longer has).
/// </summary>
public static class CounterfactualSet
{
    public const string FileName = "leaf-counterfactuals.json";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public static void Save(string folder, IReadOnlyList<LeafExample> counterfactuals) =>
        File.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(counterfactuals.Select(Row.Of).ToArray(), s_json));

    public static IReadOnlyList<LeafExample> Load(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"The LeaF checkpoint '{folder}' has no {FileName}.", path);
        return [.. (JsonSerializer.Deserialize<Row[]>(File.ReadAllText(path), s_json) ?? []).Select(r => r.ToExample())];
    }

    // ArithmeticProblem's span views cannot be serialized, so the file holds its constructor's arguments.
    private sealed record Row(string Prompt, string Answer, string Template, int[] TokenIds, int AnswerStart,
                              IReadOnlyList<CharSpan>? ConfounderSpans, string? Distractor, bool IsCounterfactual, int Source)
    {
        public static Row Of(LeafExample e) =>
            new(e.Problem.Prompt, e.Problem.Answer, e.Problem.Template, e.Problem.TokenIds, e.Problem.AnswerStart,
                e.Problem.ConfounderSpans, e.Problem.Distractor, e.IsCounterfactual, e.Source);

        public LeafExample ToExample() =>
            new(new ArithmeticProblem(Prompt, Answer, Template, TokenIds, AnswerStart, ConfounderSpans, Distractor), IsCounterfactual, Source);
    }
}
