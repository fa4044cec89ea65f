using System.Text.RegularExpressions;

namespace Workbench.Experiments.Evaluation;

/// <summary>Checks <see cref="RunConfig.EvalSets"/> and <see cref="RunConfig.AnswerRule"/>; errors name the field ("evalSets[0].split").</summary>
public static partial class EvalSetsValidator
{
    public const int MaxSets = 20;
    public const int MaxSamples = 5_000;

    public static void Validate(RunConfig config, List<ValidationError> errors)
    {
        if (AnswerRules.Validate(config.AnswerRule) is { } ruleProblem) errors.Add(new("answerRule", ruleProblem));
        if (config.EvalSets is not { } sets) return;
        if (sets.Count > MaxSets) errors.Add(new("evalSets", $"At most {MaxSets} evaluation sets."));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < sets.Count; i++)
        {
            var field = $"evalSets[{i}]";
            if (sets[i] is not { } set)
            {
                errors.Add(new(field, "An evaluation set is required."));
                continue;
            }
            if (set.Name is null || !NamePattern().IsMatch(set.Name))
                errors.Add(new($"{field}.name", "Name must be 1 to 40 letters, digits, '_' or '-'."));
            else if (!seen.Add(set.Name))
                errors.Add(new($"{field}.name", $"Another evaluation set is already named '{set.Name}'."));
            if (set.Dataset is { } dataset) ValidateDataset(dataset, $"{field}.dataset", errors);
            if (string.IsNullOrWhiteSpace(set.Split)) errors.Add(new($"{field}.split", "Split is required (e.g. eval, test, ood)."));
            else if (set.Split.Length > 40) errors.Add(new($"{field}.split", "Split must be at most 40 characters."));
            if (set.Samples is < 1 or > MaxSamples) errors.Add(new($"{field}.samples", $"Samples must be between 1 and {MaxSamples:N0}."));
        }
    }

    private static void ValidateDataset(string dataset, string field, List<ValidationError> errors)
    {
        if (Datasets.DatasetRefs.ImportedName(dataset) is { } imported)
        {
            if (Datasets.DatasetNames.Validate(imported) is { } problem) errors.Add(new(field, problem));
        }
        else if (!BuiltInDatasets.All.Contains(dataset))
            errors.Add(new(field, $"Unknown dataset '{dataset}'. Known: {string.Join(", ", BuiltInDatasets.All)}, or imported:<name>; omit it for the run's dataset."));
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex NamePattern();
}
