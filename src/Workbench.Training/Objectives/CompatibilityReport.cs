using Workbench.Experiments;

namespace Workbench.Training.Objectives;

/// <summary>
/// What <see cref="TeacherStudentCompatibility.Check"/> found: <see cref="Errors"/> stop the run (each names the
/// config field to change); <see cref="Notes"/> explain what the run will do about a difference (a projection, a
/// layer mapping, head averaging).
/// </summary>
public sealed record CompatibilityReport(IReadOnlyList<ValidationError> Errors, IReadOnlyList<string> Notes)
{
    public bool IsCompatible => Errors.Count == 0;
}
