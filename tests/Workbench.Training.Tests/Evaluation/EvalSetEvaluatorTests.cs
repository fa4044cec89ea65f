using System.Text.RegularExpressions;
using TorchSharp;
using Workbench.Experiments;
using Workbench.Experiments.Evaluation;
using Workbench.Training.Data;
using Workbench.Training.Evaluation;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using Workbench.Training.Trainer;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Evaluation;

public sealed partial class EvalSetEvaluatorTests : TorchTest
{
    private static readonly WordTokenizer s_tokenizer = WordTokenizer.ForDistractor();
    private static readonly IReadOnlyList<ArithmeticProblem> s_problems = DistractorProblems.Generate(3, trainCount: 0, testCount: 32).OodTest;
    private static readonly Lazy<Gpt> s_alwaysFive = new(AlwaysFive);

    /// <summary>The problem with another answer, and the number inside its gold span replaced by <paramref name="spanNumber"/> (same words, so the same offsets).</summary>
    private static ArithmeticProblem With(ArithmeticProblem p, string answer, string spanNumber)
    {
        int[] ids = [.. p.PromptIds, .. s_tokenizer.Encode(answer), s_tokenizer.EosId];
        var span = p.ConfounderSpans![0];
        var text = Digits().Replace(p.Prompt[span.Start..span.End], spanNumber);
        var prompt = p.Prompt[..span.Start] + text + p.Prompt[span.End..];
        return p with { Answer = answer, Prompt = prompt, TokenIds = ids, ConfounderSpans = [new CharSpan(span.Start, span.Start + text.Length)] };
    }

    /// <summary>A tiny model trained until it answers "5" to every prompt: its answers are known without a lookup.</summary>
    private static Gpt AlwaysFive()
    {
        using var generator = new Generator(7);
        var model = new Gpt(new GptConfig(1, 2, 32, 64, s_tokenizer.VocabSize), generator);
        using var optimizer = TrainingStep.CreateOptimizer(model, 1e-2);
        var step = new TrainingStep(model, null, new DistillationLoss([new ObjectiveTerm()]), optimizer);
        var fives = s_problems.Select(p => With(p, "5", "1")).ToArray();
        // Until the loss says so, not a fixed count: the float order of the steps (threads, loss kernels) moves the 60th step.
        for (var i = 0; i < 400; i++)
        {
            using var scope = NewDisposeScope();
            if (step.Run(Batch.Collate(fives, s_tokenizer.PadId), 1e-2).TotalValue < 1e-3 && i >= 60) break;
        }
        return model;
    }

    private static EvalSetEvaluator Evaluator(IReadOnlyList<ArithmeticProblem> problems) =>
        new(new EvalSetData(new EvalSet("ood", null, "ood"), problems), s_tokenizer, CPU, new AnswerScorer(new AnswerExtractor()), new ForwardKlObjective());

    private static double Metric(EvalSetResult result, string measure) => result.Metrics.Single(m => m.Name == EvalMetricNames.For("ood", measure)).Value;

    [Fact]
    public void Evaluate_ModelThatAlwaysAnswersFive_CountsCorrectAndCopiedAnswers()
    {
        // 8 answers are 5 (correct), 12 spans hold a 5 (copied), 12 problems neither.
        var split = s_problems.Select((p, i) => i < 8 ? With(p, "5", "7") : i < 20 ? With(p, "6", "5") : With(p, "6", "7")).ToArray();

        var result = Evaluator(split).Evaluate(s_alwaysFive.Value, null, 10, teacherAnswers: false);

        Assert.Equal(8 / 32.0, Metric(result, EvalMetricNames.Accuracy));
        Assert.Equal(12 / 32.0, Metric(result, EvalMetricNames.CopyRate));
        Assert.Equal(Math.Exp(Metric(result, EvalMetricNames.Loss)), Metric(result, EvalMetricNames.Perplexity), 6);
        Assert.DoesNotContain(result.Metrics, m => m.Name.EndsWith(EvalMetricNames.ForwardKl, StringComparison.Ordinal));
        Assert.Equal(32, result.Predictions.Count);
        Assert.All(result.Predictions, p => Assert.Equal(("5", "5", PredictionModels.Student, 10L), (p.Text, p.Extracted, p.Model, p.Step)));
        Assert.Equal(Enumerable.Range(8, 12), result.Predictions.Where(p => p.CopiedConfounder).Select(p => p.Index));
        Assert.True(s_alwaysFive.Value.training, "The model's training mode is restored.");
    }

    [Fact]
    public void Evaluate_SpanCoveringTheWholePrompt_AttentionShareAndLiftAreOne()
    {
        var whole = s_problems.Take(8).Select(p => p with { ConfounderSpans = [new CharSpan(0, p.Prompt.Length)] }).ToArray();

        var result = Evaluator(whole).Evaluate(s_alwaysFive.Value, null, 0, teacherAnswers: false);

        Assert.Equal(1.0, Metric(result, EvalMetricNames.CamShare), 6);
        Assert.Equal(1.0, Metric(result, EvalMetricNames.CamLift), 6);
        Assert.InRange(Metric(result, EvalMetricNames.Cam), 0.0, 1.0 + 1e-6);
    }

    [Fact]
    public void Evaluate_NoSpans_NoCopyRateOrAttention()
    {
        var plain = s_problems.Take(4).Select(p => p with { ConfounderSpans = null }).ToArray();

        var result = Evaluator(plain).Evaluate(s_alwaysFive.Value, null, 0, teacherAnswers: false);

        Assert.Equal([EvalMetricNames.Loss, EvalMetricNames.Perplexity, EvalMetricNames.Accuracy],
                     result.Metrics.Select(m => m.Name.Split('/')[^1]));
    }

    [Fact]
    public void Evaluate_WithTeacher_AddsAgreementKlAndTheTeachersAnswersWhenAsked()
    {
        var split = s_problems.Take(6).ToArray();
        using var teacher = new Gpt(new GptConfig(1, 2, 32, 64, s_tokenizer.VocabSize));
        var evaluator = Evaluator(split);

        var first = evaluator.Evaluate(s_alwaysFive.Value, teacher, 0, teacherAnswers: true);
        var later = evaluator.Evaluate(s_alwaysFive.Value, teacher, 5, teacherAnswers: false);

        Assert.InRange(Metric(first, EvalMetricNames.Top1Agreement), 0, 1);
        Assert.True(Metric(first, EvalMetricNames.ForwardKl) > 0);
        Assert.Equal(6, first.Predictions.Count(p => p.Model == PredictionModels.Teacher));
        Assert.DoesNotContain(later.Predictions, p => p.Model == PredictionModels.Teacher);
    }

    [Fact]
    public void Evaluate_LongCompletion_GeneratesPastTheAnswerAndExtractsIt()
    {
        // The gold is the last number of the completion "5 5" (the auto rule); generation must run for both tokens.
        var split = s_problems.Take(4).Select(p => p with { TokenIds = [.. p.PromptIds, .. s_tokenizer.Encode("5"), .. s_tokenizer.Encode("5"), s_tokenizer.EosId], Answer = "5 5" }).ToArray();

        var result = Evaluator(split).Evaluate(s_alwaysFive.Value, null, 0, teacherAnswers: false);

        Assert.All(result.Predictions, p => Assert.Equal("5", p.Extracted));
        Assert.Equal(1.0, Metric(result, EvalMetricNames.Accuracy));
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}
