using TorchSharp;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Tests.Shared;
using Workbench.Training.Trainer;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Trainer;

public sealed class EvaluatorTests : TorchTest
{
    private static readonly ArithmeticProblems s_data = ArithmeticProblems.Generate(seed: 4, trainCount: 0, evalCount: 24);

    private static Evaluator NewEvaluator() => new(s_data.Eval, s_data.Tokenizer, CPU, lossSamples: 24, accuracySamples: 4, batchSize: 10);

    private static Gpt NewModel(ulong seed) =>
        new(new GptConfig(1, 2, 16, 64, s_data.Tokenizer.VocabSize), new Generator(seed));

    [Fact]
    public void Evaluate_AnyModel_PerplexityIsExpOfLoss()
    {
        using var model = NewModel(1);
        var result = NewEvaluator().Evaluate(model);
        Assert.Equal(Math.Exp(result.Loss), result.Perplexity, 12);
        Assert.Null(result.Top1Agreement);
    }

    [Fact]
    public void Evaluate_StudentEqualToTeacher_AgreementIsOneAndKlZero()
    {
        using var teacher = NewModel(2);
        using var student = NewModel(2);
        var result = NewEvaluator().Evaluate(student, teacher);
        Assert.Equal(1.0, result.Top1Agreement);
        Assert.Equal(0.0, result.ForwardKl!.Value, 5);
    }

    [Fact]
    public void Evaluate_DifferentTeacher_AgreementIsAShare()
    {
        using var teacher = NewModel(3);
        using var student = NewModel(4);
        var agreement = NewEvaluator().Evaluate(student, teacher).Top1Agreement!.Value;
        Assert.InRange(agreement, 0.0, 1.0);
        Assert.NotEqual(1.0, agreement);
    }
}
