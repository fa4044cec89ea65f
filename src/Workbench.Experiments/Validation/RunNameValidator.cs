namespace Workbench.Experiments.Validation;

/// <summary>A run's name is shown everywhere (tables, logs, file names of exports): printable text only.</summary>
public static class RunNameValidator
{
    public static void Validate(RunConfig config, List<ValidationError> errors)
    {
        if (config.Name is { } name && DisplayText.Problem(name) is { } problem) errors.Add(new("name", problem));
    }
}
