using TorchSharp;
using Workbench.Experiments;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using Workbench.Training.Trainer;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Trainer;

public sealed class DistractorEvaluationTests : TorchTest
{
    private static readonly WordTokenizer s_tokenizer = WordTokenizer.ForDistractor();
    private static readonly IReadOnlyList<ArithmeticProblem> s_problems = DistractorProblems.Generate(3, trainCount: 0, testCount: 32).OodTest;

    /// <summary>The problem's prompt with another answer and distractor number.</summary>
    private static ArithmeticProblem With(ArithmeticProblem p, string answer, string distractor)
    {
        int[] ids = [.. p.PromptIds, .. s_tokenizer.Encode(answer), s_tokenizer.EosId];
        return p with { Answer = answer, Distractor = distractor, TokenIds = ids };
    }

    /// <summary>A tiny model trained until it answers "5" to every prompt: its answers are known without a lookup.</summary>
    private static Gpt AlwaysFive()
    {
        using var generator = new Generator(7);
        var model = new Gpt(new GptConfig(1, 2, 32, 64, s_tokenizer.VocabSize), generator);
        using var optimizer = TrainingStep.CreateOptimizer(model, 1e-2);
        var step = new TrainingStep(model, null, new DistillationLoss([new ObjectiveTerm()]), optimizer);
        var fives = s_problems.Select(p => With(p, "5", "1")).ToArray();
        for (var i = 0; i < 60; i++)
        {
            using var scope = NewDisposeScope();
            step.Run(Batch.Collate(fives, s_tokenizer.PadId), 1e-2);
        }
        return model;
    }

    [Fact]
    public void Evaluate_ModelThatAlwaysAnswersFive_CountsCorrectAndCopiedAnswers()
    {
        using var model = AlwaysFive();
        // 8 answers are 5 (correct), 12 distractors are 5 (copied), 12 problems neither.
        var split = s_problems.Select((p, i) => i < 8 ? With(p, "5", "7") : i < 20 ? With(p, "6", "5") : With(p, "6", "7")).ToArray();

        var score = DistractorEvaluation.Evaluate(model, split, s_tokenizer);

        Assert.Equal(32, score.Count);
        Assert.Equal(8 / 32.0, score.Accuracy);
        Assert.Equal(12 / 32.0, score.CopyRate);
        Assert.True(model.training, "The model's training mode is restored.");
    }

    [Fact]
    public void Evaluate_ProblemWithoutDistractor_Throws()
    {
        using var model = new Gpt(new GptConfig(1, 2, 32, 64, s_tokenizer.VocabSize));
        Assert.Throws<ArgumentException>(() => DistractorEvaluation.Evaluate(model, [s_problems[0] with { Distractor = null }], s_tokenizer));
    }
}
