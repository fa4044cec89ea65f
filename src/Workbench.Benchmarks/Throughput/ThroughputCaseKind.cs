namespace Workbench.Benchmarks.Throughput;

/// <summary>Which code path a <see cref="ThroughputCase"/> measures.</summary>
public enum ThroughputCaseKind
{
    TeacherForward,
    DistillationStep,
    StudentSaliency,
    TeacherSaliency,
}
