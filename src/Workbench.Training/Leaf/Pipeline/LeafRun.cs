using TorchSharp;
using Workbench.Experiments;
using Workbench.Experiments.Leaf;
using Workbench.Training.Checkpoints;
using Workbench.Training.Data;
using Workbench.Training.Evaluation;
using Workbench.Training.Objectives;
using Workbench.Training.Trainer;
using static TorchSharp.torch;

namespace Workbench.Training.Leaf.Pipeline;

/// <summary>
/// A LeaF run (leaf.md): evaluate the starting student (step 0, the "Pre-KD" row), detect confounding tokens against the
/// teacher (stage 1, unless the mask is <c>none</c>), then distil on originals plus counterfactuals (stage 2), evaluating
/// the eval split and every evaluation set (accuracy, copy rate, attention on distractors, predictions) and the probe samples'
/// attention maps at every eval.
/// </summary>
public static class LeafRun
{
    public const int ProbeCount = 3;

    public static TrainingResult Run(RunConfig config, TrainingOptions options, ITrainingReporter reporter, CancellationToken ct)
    {
        var leaf = config.Leaf ?? throw new ArgumentException("The run has no LeaF settings.", nameof(config));
        if (options.TeacherCheckpointPath is null)
            throw new ArgumentException("LeaF needs a teacher checkpoint path.", nameof(options));

        using var session = RunSession.Open(config, options);
        var (device, resume, models) = (session.Device, session.Resume, session.Models);
        var data = models.Data;
        var tokenizer = data.Tokenizer;
        using var student = session.CreateStudent(config);
        using var teacher = models.LoadTeacher(student.Shape, config.Objectives, device);
        var metrics = new MetricBuffer(reporter);
        reporter.Started(new RunStarted(device.type.ToString().ToLowerInvariant(), student.ParameterCount(), config.Steps));

        var klTerm = config.Objectives.FirstOrDefault(o => o.Kind == ObjectiveKinds.ForwardKl);
        var evaluator = new Evaluator(data.Eval, tokenizer, device, options.EvalLossSamples, options.EvalAccuracySamples,
                                      new ForwardKlObjective(klTerm?.Temperature ?? 1.0));
        var evalSetData = EvalSetSources.Resolve(config, options, models, student.ContextLength);
        var evalSets = EvalSetSuite.Create(config, evalSetData, tokenizer, device, reporter);
        // The probes come from the first evaluation set (the out-of-distribution test, where distractors matter), else the eval split.
        var probes = new ProbeAttention([.. (evalSetData.Count > 0 ? evalSetData[0].Problems : data.Eval).Take(ProbeCount)], tokenizer, device);

        // Step 0: the starting student, before any distillation, and the teacher's attention as the reference. A resumed run
        // reported both already, and takes stage 1's counterfactuals from its checkpoint.
        EvalResult? lastEval = null;
        if (resume is null)
        {
            foreach (var snapshot in probes.Capture(teacher, AttentionSnapshot.Teacher, 0)) reporter.Attention(snapshot);
            lastEval = Evaluate(student, teacher, 0, evaluator, evalSets, probes, metrics, reporter);
        }

        List<LeafExample> originals = [.. data.Train.Select((p, i) => new LeafExample(p, false, i))];
        IReadOnlyList<LeafExample> counterfactuals = resume is null ? [] : CounterfactualSet.Load(options.ResumeFrom!);
        if (leaf.Mask != LeafMasks.None && resume is null)
        {
            var outcome = new DetectionStage(teacher, student, data, device, leaf, reporter).Run(data.Train, ct);
            counterfactuals = outcome.Counterfactuals;
            foreach (var (name, value) in outcome.Metrics) metrics.Add(name, 0, value);
            metrics.Flush();
        }

        var groups = Group(originals, counterfactuals, leaf.Mixing);
        reporter.Stage(new RunStageProgress(RunStageProgress.Training, 0, config.Steps));
        // Feature terms (the reference's hidden-state MSE beside the KL) own their projections: they train and are checkpointed with the optimizer.
        using var loss = new DistillationLoss(config.Objectives, student.Shape, teacher.Shape);
        loss.to(device);
        using var optimizer = TrainingStep.CreateOptimizer(student, config.LearningRate, config.WeightDecay, loss.parameters());
        var step = new LeafStep(student, teacher, loss, optimizer, config.GradClip, leaf.Mixing, leaf.Lambda, config.Precision);
        // One optimizer step sees BatchSize × GradAccumulation groups: the global token mean over the window, as one batch.
        var sampler = new BatchSampler<LeafExample[]>(groups, config.BatchSize * config.GradAccumulation, config.Seed);
        student.train();
        var checkpointer = new RunCheckpointer(config, options, student, tokenizer.Id, optimizer, [.. loss.parameters()], reporter,
                                               folder => CounterfactualSet.Save(folder, counterfactuals), models.TokenizerFolder);
        var done = resume is null ? 0 : TrainingRun.Restore(options.ResumeFrom!, resume, config, optimizer, [.. loss.parameters()], sampler, checkpointer);
        var loop = new StepLoop(config, reporter, metrics, checkpointer, () => (sampler.Drawn, sampler.Epoch)) { LastEval = lastEval };
        done = loop.Run(done, (_, lr) =>
        {
            var result = step.Run([.. sampler.Next().SelectMany(g => g)], tokenizer.PadId, device, lr);
            List<(string, double)> extra = [];
            if (result.Kd is { } kd) extra.Add((LeafMetricNames.TrainKd, kd));
            if (result.Cd is { } cd) extra.Add((LeafMetricNames.TrainCd, cd));
            return new StepOutcome(result.Total, result.Terms, result.Tokens) { Extra = extra };
        }, s =>
        {
            var eval = Evaluate(student, teacher, s, evaluator, evalSets, probes, metrics, reporter);
            MemoryMetrics.AddTo(metrics, device, s);
            return eval;
        }, ct);
        return loop.Finish(done, models, student, options.OutputDirectory);
    }

    /// <summary>
    /// <c>data_mix</c>: every row its own group (one shuffled dataset). <c>paired</c>: an original travels with its
    /// counterfactuals, so one batch holds both sides of λ·L_kd + (1 − λ)·L_cd.
    /// </summary>
    internal static IReadOnlyList<LeafExample[]> Group(IReadOnlyList<LeafExample> originals, IReadOnlyList<LeafExample> counterfactuals, string mixing)
    {
        if (mixing != LeafMixings.Paired) return [.. originals.Concat(counterfactuals).Select(e => new[] { e })];
        var bySource = counterfactuals.ToLookup(c => c.Source);
        return [.. originals.Select(o => (LeafExample[])[o, .. bySource[o.Source]])];
    }

    private static EvalResult Evaluate(Models.ICausalLanguageModel student, Models.ICausalLanguageModel teacher, long step, Evaluator evaluator, EvalSetSuite evalSets,
                                       ProbeAttention probes, MetricBuffer metrics, ITrainingReporter reporter)
    {
        var eval = evaluator.Evaluate(student, teacher);
        eval.AddTo(metrics, step);
        evalSets.Evaluate(student, teacher, step, metrics);
        metrics.Flush();
        foreach (var snapshot in probes.Capture(student, AttentionSnapshot.Student, step)) reporter.Attention(snapshot);
        return eval;
    }
}
