namespace Workbench.Experiments.Validation;

/// <summary>
/// A teacher must bring trained weights: a run, a checkpoint or a model folder. Given only as a shape it would be a random
/// network, and the worker refuses it at start ("needs a teacher checkpoint path"), so the run is refused here instead.
/// </summary>
public static class TeacherSourceValidator
{
    public static void Validate(RunConfig config, List<ValidationError> errors)
    {
        if (config.Teacher is { IsLoaded: false } && config.Objectives is { } objectives
            && objectives.Any(o => o?.Kind is { } kind && ObjectiveKinds.NeedsTeacher(kind)))
            errors.Add(new("teacher", "A teacher needs trained weights: give a run (id or name), a checkpoint id or a model folder path, not only a shape."));
    }
}
