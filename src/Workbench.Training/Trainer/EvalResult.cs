namespace Workbench.Training.Trainer;

/// <summary>Eval-split figures of a model at one step.</summary>
/// <param name="Loss">Token-mean cross-entropy on the answer tokens (and &lt;eos&gt;) of the loss subset.</param>
/// <param name="Accuracy">Share of the accuracy subset whose greedy answer is exactly the gold answer.</param>
/// <param name="ForwardKl">Token-mean forward KL(teacher ‖ student), when there is a teacher.</param>
public sealed record EvalResult(double Loss, double Accuracy, double? ForwardKl);
