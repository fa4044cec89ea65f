using Workbench.Experiments;
using Workbench.Experiments.Evaluation;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using Workbench.Training.Trainer;
using static TorchSharp.torch;

namespace Workbench.Training.Evaluation;

/// <summary>
/// A run's evaluation sets, evaluated together at step 0, every <see cref="RunConfig.EvalEvery"/> steps and at the end: adds
/// each set's eval/&lt;set&gt;/* metrics and reports its predictions (the samples themselves with the first report of this process,
/// the teacher's answers at step 0).
/// </summary>
internal sealed class EvalSetSuite(IReadOnlyList<EvalSetEvaluator> sets, ITrainingReporter reporter)
{
    private bool _samplesSent;

    /// <param name="data">The sets, from <see cref="EvalSetSources.Resolve"/>.</param>
    public static EvalSetSuite Create(RunConfig config, IReadOnlyList<EvalSetData> data, IRunTokenizer tokenizer, Device device, ITrainingReporter reporter)
    {
        var scorer = new AnswerScorer(new AnswerExtractor(config.AnswerRule));
        var klTerm = config.Objectives.FirstOrDefault(o => o.Kind == ObjectiveKinds.ForwardKl);
        return new EvalSetSuite([.. data.Select(d => new EvalSetEvaluator(d, tokenizer, device, scorer,
                                                                           new ForwardKlObjective(klTerm?.Temperature ?? 1.0)))], reporter);
    }

    public void Evaluate(ICausalLanguageModel student, ICausalLanguageModel? teacher, long step, MetricBuffer metrics)
    {
        foreach (var set in sets)
        {
            var result = set.Evaluate(student, teacher, step, teacherAnswers: step == 0);
            foreach (var (name, value) in result.Metrics) metrics.Add(name, step, value);
            reporter.Predictions(new EvalPredictions(set.Name, step, _samplesSent ? [] : set.Samples(), [.. result.Predictions]));
        }
        _samplesSent = true;
    }
}
