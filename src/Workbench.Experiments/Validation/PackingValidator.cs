namespace Workbench.Experiments.Validation;

/// <summary>
/// Where sequence packing (<see cref="DataConfig.Packing"/>) cannot work, each refusal on <c>data.packing</c>: LeaF trains on
/// counterfactual pairs laid out row by row, cross-tokenizer terms align the teacher's own rows with the student's, and
/// on-policy batches are generated per row at every step.
/// </summary>
public static class PackingValidator
{
    public const string Field = "data.packing";

    public static void Validate(RunConfig config, List<ValidationError> errors)
    {
        if (config.Data is not { Packing: true } data) return;
        if (config.Leaf is not null)
            errors.Add(new(Field, "LeaF pairs each sample with its counterfactual row by row: turn packing off or remove the LeaF section."));
        if (config.Objectives.Any(o => ObjectiveDescriptors.Find(o.Kind)?.Reads == ObjectiveInput.AlignedLogits))
            errors.Add(new(Field, "Cross-tokenizer objectives align the teacher's own rows with the student's: packing works only with one tokenizer."));
        if (config.TeacherStore is { Enabled: not false })
            errors.Add(new(Field, "The teacher-logit store keeps each sample's positions as the padded batch lays them out: turn packing or the store off."));
        if (data.Regime == DataRegimes.OnPolicy)
            errors.Add(new(Field, "On-policy batches are generated row by row at every step: packing works with offline and sequence_kd data."));
    }
}
