namespace Workbench.Training.Trainer.TeacherCache;

/// <summary>How a top-k cache stores the teacher's log-probabilities; the value is the bytes per number.</summary>
public enum TopKValueType
{
    /// <summary>IEEE half (objectives.md §2, v1 default): about 3 significant digits, 2 bytes.</summary>
    Float16 = 2,

    /// <summary>IEEE single: bit-for-bit the live teacher's fp32 values, 4 bytes.</summary>
    Float32 = 4,
}
