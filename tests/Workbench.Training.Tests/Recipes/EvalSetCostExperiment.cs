using System.Diagnostics;
using TorchSharp;
using Workbench.Experiments;
using Workbench.Experiments.Evaluation;
using Workbench.Experiments.Leaf;
using Workbench.Training.Data;
using Workbench.Training.Evaluation;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Workbench.Training.Tests.Recipes;

/// <summary>
/// What one evaluation of the LeaF demo's "ood" set costs on the demo student (2 × 64) with the demo teacher (4 × 128): 200 samples,
/// loss, KL and agreement, greedy answers, copy rate and CAM (64 samples), on one libtorch thread.
/// </summary>
public sealed class EvalSetCostExperiment(ITestOutputHelper output) : TorchTest
{
    [ExperimentFact]
    public void Evaluate_DemoOodSet_Milliseconds()
    {
        torch.set_num_threads(1);
        var data = BuiltInDataCatalog.Load(BuiltInDatasets.DistractorShortcut);
        var set = LeafDemo.Distill(LeafMasks.Instruction, 1).EvalSets![0];
        var problems = data.ExtraEvalSplits[set.Split].Take(set.Samples ?? EvalSet.DefaultSamples).ToArray();
        using var generator = new Generator(1);
        using var student = new Gpt(GptConfig.FromModelRef(LeafDemo.Student.Student, data.Tokenizer.VocabSize), generator);
        using var teacher = new Gpt(GptConfig.FromModelRef(LeafDemo.Teacher.Student, data.Tokenizer.VocabSize), generator);
        var evaluator = new EvalSetEvaluator(new EvalSetData(set, problems), data.Tokenizer, CPU, new AnswerScorer(new AnswerExtractor()), new ForwardKlObjective());

        evaluator.Evaluate(student, teacher, 1, teacherAnswers: false);   // warm-up
        var later = Time(() => evaluator.Evaluate(student, teacher, 100, teacherAnswers: false), 5);
        var stepZero = Time(() => evaluator.Evaluate(student, teacher, 0, teacherAnswers: true), 3);
        var noTeacher = Time(() => evaluator.Evaluate(student, null, 100, teacherAnswers: false), 5);
        // What the hard-wired ood metrics cost before: greedy answers on the 200 samples and CAM on 64.
        var attention = new EvalSetAttention(problems, data.Tokenizer, CPU);
        var before = Time(() => { global::Workbench.Training.Trainer.DistractorEvaluation.Evaluate(student, problems, data.Tokenizer); attention.Measure(student); }, 5);
        output.WriteLine($"before evaluation sets: {before:F0} ms (answers and CAM only)");
        output.WriteLine($"{problems.Length} samples: {later:F0} ms per evaluation with the teacher's KL, {stepZero:F0} ms at step 0 (plus the teacher's answers), {noTeacher:F0} ms without a teacher");
    }

    private static double Time(Action action, int repeats)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < repeats; i++) action();
        return watch.Elapsed.TotalMilliseconds / repeats;
    }
}
