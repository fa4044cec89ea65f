namespace Workbench.Training.Trainer.TeacherStore;

/// <summary>What a run reports about its teacher-logit stores: metric points at step 0 and a stage while a store is built.</summary>
public static class TeacherStoreMetrics
{
    /// <summary>Stage name while the teacher runs over the data; Done/Total count sequences.</summary>
    public const string Stage = "teacher_store";

    /// <summary>Seconds spent running the teacher and writing; 0 when every store was reused.</summary>
    public const string BuildSeconds = "teacher_store/build_seconds";

    /// <summary>1 when every store was found on disk, undamaged, and reused, else 0.</summary>
    public const string Reused = "teacher_store/reused";

    /// <summary>Size of the run's store files in MB (10⁶ bytes).</summary>
    public const string Megabytes = "teacher_store/megabytes";

    /// <summary>Bytes per stored position (ids, log-probabilities, rest mass), summed over the run's stores.</summary>
    public const string BytesPerToken = "teacher_store/bytes_per_token";

    /// <summary>Files evicted (least recently used) to keep the folder under its budget.</summary>
    public const string Evicted = "teacher_store/evicted";
}
