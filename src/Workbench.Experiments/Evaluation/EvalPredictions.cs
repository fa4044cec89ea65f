namespace Workbench.Experiments.Evaluation;

/// <summary>
/// One evaluation set's predictions at one evaluation, as the worker reports them: the samples themselves the first time a worker
/// evaluates the set (empty afterwards), the student's answers, and at step 0 the teacher's.
/// </summary>
public sealed record EvalPredictions(string Set, long Step, EvalSample[] Samples, SamplePrediction[] Predictions);
