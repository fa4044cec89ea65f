using Workbench.Experiments.Leaf;

namespace Workbench.Training.Leaf.Pipeline;

/// <summary>
/// Which examined samples detection scores (leaf.md §2.1): all of them, or the paper's misleading ones, where the teacher
/// answers right and the student does not.
/// </summary>
public static class MisleadingSamples
{
    /// <summary>Indices of the selected samples, in order.</summary>
    public static int[] Select(IReadOnlyList<bool> teacherRight, IReadOnlyList<bool> studentRight, string selection)
    {
        if (teacherRight.Count != studentRight.Count)
            throw new ArgumentException($"Teacher ({teacherRight.Count}) and student ({studentRight.Count}) answers must cover the same samples.");
        return [.. Enumerable.Range(0, teacherRight.Count)
            .Where(i => selection != LeafSelections.StudentWrongTeacherRight || (teacherRight[i] && !studentRight[i]))];
    }
}
