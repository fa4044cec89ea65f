namespace Workbench.Experiments.Validation;

/// <summary>The <c>teacherStore</c> section: k in range, a known value type, a teacher to store, no LeaF or on-policy data with it.</summary>
public static class TeacherStoreConfigValidator
{
    public static void Validate(RunConfig config, List<ValidationError> errors)
    {
        if (config.TeacherStore is not { IsEnabled: true } store) return;
        if (store.TopK is < 1 or > TeacherStoreConfig.MaxTopK)
            errors.Add(new("teacherStore.topK", $"Top-k must be between 1 and {TeacherStoreConfig.MaxTopK}."));
        if (store.Values is null || !TeacherStoreConfig.AllValues.Contains(store.Values))
            errors.Add(new("teacherStore.values", $"Values must be one of {string.Join(", ", TeacherStoreConfig.AllValues)}."));
        if (config.Teacher is null)
            errors.Add(new("teacherStore.enabled", "A teacher-logit store needs a teacher; remove the section or add a teacher."));
        if (config.Leaf is not null)
            errors.Add(new("teacherStore.enabled", "LeaF runs read the live teacher's saliency; remove the teacherStore section."));
        if (config.Data?.Regime == DataRegimes.OnPolicy)
            errors.Add(new("teacherStore.enabled", "On-policy batches change every step, so the teacher cannot be stored once; remove the teacherStore section."));
    }
}
