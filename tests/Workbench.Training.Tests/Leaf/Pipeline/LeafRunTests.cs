using Workbench.Experiments;
using Workbench.Experiments.Evaluation;
using Workbench.Experiments.Leaf;
using Workbench.Training.Checkpoints;
using Workbench.Training.Data;
using Workbench.Training.Leaf.Pipeline;
using Workbench.Training.Models;
using Workbench.Training.Tests.Shared;
using Workbench.Training.Trainer;

namespace Workbench.Training.Tests.Leaf.Pipeline;

/// <summary>A whole LeaF run on tiny random models: the pipeline's shape, not its effect (the benchmark measures that).</summary>
public sealed class LeafRunTests : TorchTest, IDisposable
{
    private static readonly RunConfig s_leaf = TinyLeaf.Config;

    private readonly TinyLeaf _leaf = new();

    public void Dispose() => _leaf.Dispose();

    private TrainingResult Run(RunConfig config, RecordingReporter reporter) =>
        TrainingRun.Run(config, _leaf.Options("run"), reporter, CancellationToken.None);

    [Fact]
    public void Run_InstructionMask_DetectsThenTrainsAndReportsEveryIntermediate()
    {
        var reporter = new RecordingReporter();
        var result = Run(s_leaf, reporter);

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.Equal(RunStageProgress.Detection, reporter.Stages.First().Stage);
        Assert.Equal(new RunStageProgress(RunStageProgress.Detection, 40, 40), reporter.Stages.Last(s => s.Stage == RunStageProgress.Detection));
        Assert.Equal(RunStageProgress.Training, reporter.Stages.Last().Stage);

        var samples = reporter.DetectedSamples.ToArray();
        Assert.Equal(Enumerable.Range(0, 40), samples.Select(s => s.Index).Order());
        foreach (var sample in samples.Where(s => s.Status == "ok"))
        {
            Assert.Equal(sample.Prompt.Split(' '), sample.Tokens);
            Assert.Equal(sample.Tokens.Length, sample.Delta.Length);
            Assert.NotEmpty(sample.Spans);                       // quantile mode flags at least the minimum of every non-flat sample
            Assert.Equal(sample.Spans.Length, sample.Counterfactuals.Length);
            Assert.NotEmpty(sample.GoldSpans);
            Assert.All(sample.Counterfactuals, text => Assert.True(text.Length < sample.Prompt.Length));
        }

        var counterfactuals = reporter.Series(LeafMetricNames.DetectCounterfactuals);
        Assert.Equal(samples.Sum(s => s.Counterfactuals.Length), Assert.Single(counterfactuals).Value);
        Assert.Single(reporter.Series(LeafMetricNames.Quality("leaf", "precision")));
        Assert.Single(reporter.Series(LeafMetricNames.Quality("random", "hit_rate")));
        Assert.Single(reporter.Series(LeafMetricNames.Quality("leaf", "span_f1")));
        Assert.Equal(4, reporter.Series(LeafMetricNames.TrainKd).Count);
        Assert.Equal([0L, 2, 4], reporter.Series(EvalMetricNames.For("ood", EvalMetricNames.Accuracy)).Select(p => p.Step));
        Assert.Equal([0L, 2, 4], reporter.Series(EvalMetricNames.For("ood", EvalMetricNames.CamLift)).Select(p => p.Step));
        Assert.All(reporter.Series(EvalMetricNames.For("ood", EvalMetricNames.CamShare)), p => Assert.InRange(p.Value, 0, 1));
    }

    [Fact]
    public void Run_VerifyFlip_KeepsOnlyTheCounterfactualsThatFixTheStudentsAnswer()
    {
        var reporter = new RecordingReporter();
        Run(s_leaf with { Steps = 1, Leaf = new LeafConfig { DetectionSamples = 40, VerifyFlip = LeafVerifications.Student } }, reporter);

        var samples = reporter.DetectedSamples.Where(s => s.Status == "ok").ToArray();
        Assert.NotEmpty(samples);
        Assert.All(samples, s => Assert.Equal(s.Counterfactuals.Length, s.CounterfactualFixes!.Length));
        var kept = samples.Sum(s => s.CounterfactualFixes!.Count(f => f));
        Assert.Equal(kept, Assert.Single(reporter.Series(LeafMetricNames.DetectCounterfactuals)).Value);
        Assert.True(kept < samples.Sum(s => s.Counterfactuals.Length), "An untrained student should not be fixed by every pruning.");
    }

    [Fact]
    public void Run_CapturesTeacherOnceAndStudentAtEveryEval_ForEachProbe()
    {
        var reporter = new RecordingReporter();
        Run(s_leaf with { Leaf = new LeafConfig { Mask = LeafMasks.None } }, reporter);

        var teacher = reporter.Snapshots.Where(s => s.Model == AttentionSnapshot.Teacher).ToArray();
        var student = reporter.Snapshots.Where(s => s.Model == AttentionSnapshot.Student).ToArray();
        Assert.Equal(LeafRun.ProbeCount, teacher.Length);
        Assert.All(teacher, s => Assert.Equal(0, s.Step));
        Assert.Equal([0L, 0, 0, 2, 2, 2, 4, 4, 4], student.Select(s => s.Step).Order());
        var snapshot = student[0];
        Assert.Equal(2 * snapshot.Layers * snapshot.Heads * snapshot.Length * snapshot.Length, snapshot.Half.Length);
        Assert.NotEmpty(snapshot.GoldSpans);
        var rows = snapshot.Matrix(0, 0);
        Assert.All(rows, row => Assert.Equal(1, row.Sum(), 2));         // each query's attention is a distribution
    }

    [Fact]
    public void Run_WithoutMask_SkipsDetection_ButEvaluatesBeforeAndAfter()
    {
        var reporter = new RecordingReporter();
        Run(s_leaf with { Leaf = new LeafConfig { Mask = LeafMasks.None } }, reporter);

        Assert.Empty(reporter.DetectedSamples);
        Assert.DoesNotContain(reporter.Stages, s => s.Stage == RunStageProgress.Detection);
        Assert.Empty(reporter.Series(LeafMetricNames.TrainCd));
        Assert.Equal([0L, 2, 4], reporter.Series(MetricNames.EvalAccuracy).Select(p => p.Step));
        Assert.Equal([0L, 2, 4], reporter.Series(EvalMetricNames.For("ood", EvalMetricNames.CopyRate)).Select(p => p.Step));
    }

    [Fact]
    public void Group_Paired_KeepsEachOriginalWithItsCounterfactuals_DataMixKeepsRowsApart()
    {
        var problem = new ArithmeticProblem("a b", "1", "t", [1, 2, 3], 2);
        LeafExample[] originals = [new(problem, false, 0), new(problem, false, 1)];
        LeafExample[] counterfactuals = [new(problem, true, 1), new(problem, true, 1), new(problem, true, 0)];

        var paired = LeafRun.Group(originals, counterfactuals, LeafMixings.Paired);
        Assert.Equal([2, 3], paired.Select(g => g.Length));
        Assert.All(paired, g => Assert.All(g, e => Assert.Equal(g[0].Source, e.Source)));
        Assert.False(paired[1][0].IsCounterfactual);

        var mixed = LeafRun.Group(originals, counterfactuals, LeafMixings.DataMix);
        Assert.Equal(5, mixed.Count);
        Assert.All(mixed, g => Assert.Single(g));
    }
}
