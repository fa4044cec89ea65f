using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Workbench.Training.Objectives;

/// <summary>
/// The learned map W: d_S → d_T that lifts student features to the teacher's width (objectives.md §5.1: the student
/// is projected to the teacher, never the reverse). Linear without bias, Xavier-uniform init (DistillKit). It belongs
/// to the objective, trains with the student's optimizer and is never saved with the student.
/// </summary>
public sealed class FeatureProjection : Module<Tensor, Tensor>
{
    private readonly Linear proj;   // (d_S -> d_T)

    public FeatureProjection(int studentWidth, int teacherWidth) : base(nameof(FeatureProjection))
    {
        if (studentWidth < 1 || teacherWidth < 1) throw new ArgumentException($"Widths must be positive (got {studentWidth} -> {teacherWidth}).");
        proj = Linear(studentWidth, teacherWidth, hasBias: false);
        RegisterComponents();
        using var _ = no_grad();
        init.xavier_uniform_(proj.weight!);                  // returns the weight itself: nothing to dispose
    }

    // h: (..., d_S) -> (..., d_T)
    public override Tensor forward(Tensor h) => proj.call(h);
}
