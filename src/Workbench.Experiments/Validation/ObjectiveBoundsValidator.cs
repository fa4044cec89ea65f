namespace Workbench.Experiments.Validation;

/// <summary>
/// Upper bound on an objective's weight, so a config that cannot train sensibly is refused at submission rather than
/// overflowing a loss (<c>weight: 1e308</c>). Parameters (an absurd <c>topK: 2147483647</c>) are bounded by their descriptors.
/// </summary>
public static class ObjectiveBoundsValidator
{
    public const double MaxWeight = 1000;

    public static void Validate(RunConfig config, List<ValidationError> errors)
    {
        if (config.Objectives is null) return;
        for (var i = 0; i < config.Objectives.Count; i++)
        {
            if (config.Objectives[i] is not { } term) continue;
            var field = $"objectives[{i}]";
            if (double.IsFinite(term.Weight) && term.Weight > MaxWeight)
                errors.Add(new($"{field}.weight", $"Weight must be at most {MaxWeight:0}."));
        }
    }
}
