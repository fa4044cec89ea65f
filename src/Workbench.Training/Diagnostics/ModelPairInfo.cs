namespace Workbench.Training.Diagnostics;

/// <summary>What a benchmark table says about a teacher/student pair: shapes in words, exact sizes and the batch.</summary>
/// <param name="Name">The pair's name, as in <see cref="ThroughputResult.Pair"/>.</param>
/// <param name="Teacher">The teacher's shape in words, e.g. "GPT 4 layers × 128 wide, 4 heads".</param>
/// <param name="Student">The student's shape in words.</param>
/// <param name="TeacherParameters">The built teacher's parameter count.</param>
/// <param name="StudentParameters">The built student's parameter count.</param>
/// <param name="VocabSize">V.</param>
/// <param name="Batch">B sequences per step.</param>
/// <param name="SequenceLength">T tokens per sequence.</param>
public sealed record ModelPairInfo(string Name, string Teacher, string Student, long TeacherParameters, long StudentParameters,
                                   int VocabSize, int Batch, int SequenceLength);
