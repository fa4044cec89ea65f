using Workbench.Experiments;
using Workbench.Experiments.Evaluation;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using Workbench.Training.Trainer;
using static TorchSharp.torch;

namespace Workbench.Training.Evaluation;

/// <summary>
/// Scores a model on one evaluation set: cross-entropy and perplexity on the completions, forward KL and top-1 agreement with a
/// teacher, exact match of the answer taken from the greedy completion (generated for as long as the longest completion), and,
/// on samples with gold confounder spans, the copy rate and the confounder attention mass. Also returns what was generated for
/// the first <see cref="SamplePrediction.MaxPerSet"/> samples.
/// </summary>
public sealed class EvalSetEvaluator
{
    private readonly EvalSetData _data;
    private readonly IRunTokenizer _tokenizer;
    private readonly Device _device;
    private readonly AnswerScorer _scorer;
    private readonly Evaluator _losses;
    private readonly EvalSetAttention _attention;
    private readonly string[] _gold;
    private readonly int _batchSize;

    public EvalSetEvaluator(EvalSetData data, IRunTokenizer tokenizer, Device device, AnswerScorer scorer, ForwardKlObjective? forwardKl = null,
                            int batchSize = 128)
    {
        _data = data;
        _tokenizer = tokenizer;
        _device = device;
        _scorer = scorer;
        _batchSize = batchSize;
        _losses = new Evaluator(data.Problems, tokenizer, device, lossSamples: data.Problems.Count, accuracySamples: 0, forwardKl, batchSize);
        _attention = new EvalSetAttention(data.Problems, tokenizer, device);
        _gold = [.. data.Problems.Select(p => scorer.Gold(p.ShortAnswer, p.Answer))];
    }

    public string Name => _data.Set.Name;

    /// <summary>The samples as the predictions view shows them (the ones predictions are kept for).</summary>
    public EvalSample[] Samples() =>
        [.. _data.Problems.Take(SamplePrediction.MaxPerSet).Select((p, i) => new EvalSample(Name, i, p.Prompt, _gold[i],
            [.. (p.ConfounderSpans ?? []).Select(s => new[] { s.Start, s.End })]))];

    /// <summary>
    /// Evaluates <paramref name="student"/> (in eval mode, restored afterwards). With a teacher, adds KL and agreement; with
    /// <paramref name="teacherAnswers"/>, also the teacher's greedy answers as predictions.
    /// </summary>
    public EvalSetResult Evaluate(ICausalLanguageModel student, ICausalLanguageModel? teacher, long step, bool teacherAnswers)
    {
        var measured = _losses.Evaluate(student, teacher);
        var metrics = new List<(string, double)>
        {
            (EvalMetricNames.Loss, measured.Loss),
            (EvalMetricNames.Perplexity, measured.Perplexity),
        };
        if (measured.Top1Agreement is { } agreement) metrics.Add((EvalMetricNames.Top1Agreement, agreement));
        if (measured.ForwardKl is { } kl) metrics.Add((EvalMetricNames.ForwardKl, kl));

        var answers = Answers(student, step, PredictionModels.Student);
        metrics.Add((EvalMetricNames.Accuracy, answers.Count(a => a.Correct) / (double)answers.Count));
        var withSpans = Enumerable.Range(0, answers.Count).Where(i => _data.Problems[i].ConfounderSpans is { Count: > 0 }).ToArray();
        if (withSpans.Length > 0) metrics.Add((EvalMetricNames.CopyRate, withSpans.Count(i => answers[i].CopiedConfounder) / (double)withSpans.Length));
        if (Attention(student) is { } cam)
        {
            metrics.Add((EvalMetricNames.Cam, cam.Cam));
            metrics.Add((EvalMetricNames.CamShare, cam.Share));
            metrics.Add((EvalMetricNames.CamLift, cam.Lift));
        }

        IEnumerable<SamplePrediction> kept = answers.Take(SamplePrediction.MaxPerSet);
        if (teacherAnswers && teacher is not null) kept = kept.Concat(Answers(teacher, step, PredictionModels.Teacher).Take(SamplePrediction.MaxPerSet));
        return new EvalSetResult([.. metrics.Select(m => (EvalMetricNames.For(Name, m.Item1), m.Item2))], [.. kept]);
    }

    private Leaf.CamResult? Attention(ICausalLanguageModel model)
    {
        if (!_attention.HasSpans) return null;
        var wasTraining = model.training;
        model.eval();
        try { return _attention.Measure(model); }
        finally { model.train(wasTraining); }
    }

    /// <summary>Greedy completions of every sample, scored; generation runs as long as the longest completion of a batch, plus &lt;eos&gt;.</summary>
    private List<SamplePrediction> Answers(ICausalLanguageModel model, long step, string role)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            var predictions = new List<SamplePrediction>(_data.Problems.Count);
            foreach (var chunk in _data.Problems.Chunk(_batchSize))
            {
                var maxNew = chunk.Max(p => p.TargetCount);
                var generated = GreedyDecoder.Generate(model, [.. chunk.Select(p => p.PromptIds.ToArray())], maxNew, _tokenizer.EosId, _tokenizer.PadId, _device);
                foreach (var ids in generated)
                {
                    var i = predictions.Count;
                    var problem = _data.Problems[i];
                    var text = _tokenizer.Decode(ids.TakeWhile(id => id != _tokenizer.EosId));
                    var score = _scorer.Score(text, _gold[i], problem.Prompt, problem.ConfounderSpans);
                    if (text.Length > SamplePrediction.MaxTextLength) text = text[..SamplePrediction.MaxTextLength];
                    predictions.Add(new SamplePrediction(Name, step, i, role, text, score.Extracted, score.Correct, score.CopiedConfounder));
                }
            }
            return predictions;
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
