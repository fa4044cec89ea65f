using Workbench.Experiments;

namespace Workbench.Training.Trainer;

/// <summary>Eval-split figures of a model at one step.</summary>
/// <param name="Loss">Token-mean cross-entropy on the answer tokens (and &lt;eos&gt;) of the loss subset.</param>
/// <param name="Accuracy">Share of the accuracy subset whose greedy answer is exactly the gold answer.</param>
/// <param name="ForwardKl">Token-mean forward KL(teacher ‖ student), when there is a teacher.</param>
/// <param name="Top1Agreement">Share of supervised positions of the loss subset where the student's argmax equals the teacher's, when there is a teacher.</param>
public sealed record EvalResult(double Loss, double Accuracy, double? ForwardKl, double? Top1Agreement = null)
{
    /// <summary>exp(<see cref="Loss"/>): perplexity over the supervised tokens.</summary>
    public double Perplexity => Math.Exp(Loss);

    /// <summary>Adds these figures as the eval/* metrics of <paramref name="step"/> (the teacher ones only when present).</summary>
    internal void AddTo(MetricBuffer metrics, long step)
    {
        metrics.Add(MetricNames.EvalLoss, step, Loss);
        metrics.Add(MetricNames.EvalAccuracy, step, Accuracy);
        metrics.Add(MetricNames.EvalPerplexity, step, Perplexity);
        if (Top1Agreement is { } agreement) metrics.Add(MetricNames.EvalTop1Agreement, step, agreement);
        if (ForwardKl is { } kl) metrics.Add(TrainingRun.EvalForwardKl, step, kl);
    }
}
