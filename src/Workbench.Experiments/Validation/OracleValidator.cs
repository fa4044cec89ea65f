namespace Workbench.Experiments.Validation;

/// <summary>
/// The <c>oracle</c> model of the teacher-hacking diagnostics: trained weights (a run, a checkpoint or a model folder; a shape
/// alone would be a random network), beside a teacher (the golden metrics sit next to the proxy KL(teacher ‖ student)), on the
/// student's own tokens (no LeaF, no cross-tokenizer terms). Its tokenizer is checked against the run's when the worker loads it.
/// </summary>
public static class OracleValidator
{
    public static void Validate(RunConfig config, List<ValidationError> errors)
    {
        if (config.Oracle is not { } oracle) return;
        if (!oracle.IsLoaded)
            errors.Add(new("oracle", "An oracle needs trained weights: give a run (id or name), a checkpoint id or a model folder path, not only a shape."));
        if (config.Teacher is null)
            errors.Add(new("oracle", "The golden metrics are reported beside the proxy KL(teacher ‖ student): choose a teacher too."));
        if (config.Leaf is not null)
            errors.Add(new("oracle", "LeaF runs do not report golden metrics; remove the oracle or the LeaF section."));
        if (config.Objectives?.Any(o => o is not null && ObjectiveDescriptors.Find(o.Kind)?.Reads == ObjectiveInput.AlignedLogits) == true)
            errors.Add(new("oracle", "Golden metrics compare distributions over the student's tokens; a cross-tokenizer teacher cannot give the proxy beside them."));
    }
}
