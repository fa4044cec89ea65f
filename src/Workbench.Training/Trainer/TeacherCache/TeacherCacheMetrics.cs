namespace Workbench.Training.Trainer.TeacherCache;

/// <summary>
/// What a run reports about its teacher top-k caches, as metric points at step 0 (summed over the run's caches) and
/// as a stage while a cache is built.
/// </summary>
public static class TeacherCacheMetrics
{
    /// <summary>Stage name (<see cref="Workbench.Experiments.Leaf.RunStageProgress"/>) while the teacher runs over the data; Done/Total count sequences.</summary>
    public const string Stage = "teacher_cache";

    /// <summary>Seconds spent running the teacher and writing; 0 when every cache was reused.</summary>
    public const string BuildSeconds = "teacher_cache/build_seconds";

    /// <summary>1 when every cache was found on disk and reused, else 0.</summary>
    public const string Reused = "teacher_cache/reused";

    /// <summary>Teacher forward passes run to build the caches (0 when reused).</summary>
    public const string TeacherForwards = "teacher_cache/teacher_forwards";

    /// <summary>Size of the cache files in MB (10⁶ bytes).</summary>
    public const string Megabytes = "teacher_cache/megabytes";
}
