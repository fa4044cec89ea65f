namespace Workbench.Experiments.Validation;

/// <summary>
/// Upper bounds on an objective's numbers, so a config that cannot train sensibly is refused at submission rather than
/// overflowing a loss (<c>weight: 1e308</c>) or asking for an absurd top-k (<c>topK: 2147483647</c>).
/// </summary>
public static class ObjectiveBoundsValidator
{
    public const double MaxWeight = 1000;
    /// <summary>Above any tokenizer's vocabulary in use (the largest are about 256K); k beyond the vocabulary keeps the whole vocabulary.</summary>
    public const int MaxTopK = 1_000_000;
    public const int MaxRelationHeads = 1024;

    public static void Validate(RunConfig config, List<ValidationError> errors)
    {
        if (config.Objectives is null) return;
        for (var i = 0; i < config.Objectives.Count; i++)
        {
            if (config.Objectives[i] is not { } term) continue;
            var field = $"objectives[{i}]";
            if (double.IsFinite(term.Weight) && term.Weight > MaxWeight)
                errors.Add(new($"{field}.weight", $"Weight must be at most {MaxWeight:0}."));
            if (term.TopK > MaxTopK)
                errors.Add(new($"{field}.topK", $"k must be at most {MaxTopK:N0}."));
            if (term.RelationHeads > MaxRelationHeads)
                errors.Add(new($"{field}.relationHeads", $"Relation heads must be at most {MaxRelationHeads}."));
        }
    }
}
