using Workbench.Training.Objectives;
using static TorchSharp.torch;

namespace Workbench.Training.Data;

/// <summary>A batch's samples in the teacher's tokenization: its input ids (B, T_T), and which of its targets match the student's.</summary>
public sealed record AlignedTeacherBatch(Tensor InputIds, TokenAlignment Alignment) : IDisposable
{
    public void Dispose()
    {
        InputIds.Dispose();
        Alignment.Dispose();
    }
}
