namespace Workbench.Experiments.Validation;

/// <summary>
/// JSON <c>null</c> where the config needs an object or a text (<c>"student": null</c>, <c>"objectives": [null]</c>). Runs first:
/// the other rules may assume these are present.
/// </summary>
public static class ConfigShapeValidator
{
    public static void Validate(RunConfig config, List<ValidationError> errors)
    {
        if (config.Student is null) errors.Add(new("student", "A student is required (a shape, a checkpoint or a model folder)."));
        if (config.Dataset is null) errors.Add(new("dataset", "A dataset is required."));
        if (config.Device is null) errors.Add(new("device", "A device is required (auto, cpu or cuda)."));
        if (config.Objectives is { } objectives)
            for (var i = 0; i < objectives.Count; i++)
            {
                if (objectives[i] is null) errors.Add(new($"objectives[{i}]", "An objective term is required here, not null."));
                else if (objectives[i].Kind is null) errors.Add(new($"objectives[{i}].kind", "An objective kind is required."));
            }
        if (config.EvalSets is { } sets)
            for (var i = 0; i < sets.Count; i++)
                if (sets[i] is null) errors.Add(new($"evalSets[{i}]", "An evaluation set is required here, not null."));
    }
}
