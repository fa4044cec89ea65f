using TorchSharp;
using Workbench.Experiments;
using Workbench.Experiments.Leaf;
using Workbench.Training.Checkpoints;
using Workbench.Training.Data;
using Workbench.Training.Evaluation;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using Workbench.Training.Trainer.Generated;
using Workbench.Training.Trainer.TeacherCache;
using static TorchSharp.torch;

namespace Workbench.Training.Trainer;

/// <summary>
/// Runs one training run to the end: builds the student (fresh init) and the frozen teacher, trains with
/// AdamW (weight decay, gradient clipping and accumulation from the config) under a warmup then cosine, linear or
/// constant schedule, evaluates every <see cref="RunConfig.EvalEvery"/> steps and at the end,
/// and saves <c>model.safetensors</c>. With <see cref="RunConfig.CheckpointEvery"/> it also saves resumable <c>step-N</c>
/// checkpoints, and with <see cref="TrainingOptions.ResumeFrom"/> it continues one at step N + 1. Synchronous: call it on a dedicated long-running thread, which also
/// gets the libtorch thread setting.
/// </summary>
public static class TrainingRun
{
    /// <summary>
    /// Trains <paramref name="config"/>'s student. Reports Started once, Metrics and Progress every step
    /// (metrics batched for at most ~100 ms), eval metrics at each eval, and CheckpointSaved at the end. On
    /// cancellation it saves the steps done so far (also as a resumable checkpoint) and returns <see cref="TrainingOutcome.Cancelled"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The config is invalid or a needed teacher path is missing.</exception>
    /// <exception cref="InvalidOperationException">The device is unavailable or the teacher does not fit the run.</exception>
    /// <exception cref="TrainingDivergedException">The loss became NaN or infinite.</exception>
    public static TrainingResult Run(RunConfig config, TrainingOptions options, ITrainingReporter reporter, CancellationToken ct)
    {
        var errors = RunConfigValidator.Validate(config);
        if (errors.Count > 0) throw new ArgumentException($"Invalid run config: {string.Join("; ", errors)}", nameof(config));
        if (config.Leaf is not null) return Leaf.Pipeline.LeafRun.Run(config, options, reporter, ct);
        if (config.UsesTeacher && string.IsNullOrWhiteSpace(options.TeacherCheckpointPath))
            throw new ArgumentException("The run's objectives need a teacher, but no teacher checkpoint path was given.", nameof(options));
        if (config.Oracle is not null && string.IsNullOrWhiteSpace(options.OracleCheckpointPath))
            throw new ArgumentException("oracle: the run names an oracle, but no oracle checkpoint path was given (--oracle).", nameof(options));

        using var session = RunSession.Open(config, options);
        var (device, resume, models) = (session.Device, session.Resume, session.Models);
        var data = models.Data;
        var tokenizer = data.Tokenizer;
        using var student = session.CreateStudent(config);
        student.train();
        using var teacher = config.Teacher is not null && models.Teacher is not null
            ? models.LoadTeacher(student.Shape, config.Objectives, device)
            : null;
        using var objective = new DistillationLoss(config.Objectives, student.Shape, teacher?.Shape);   // owns any projections, never saved with the student
        objective.to(device);
        using var optimizer = TrainingStep.CreateOptimizer(student, config.LearningRate, config.WeightDecay, objective.parameters());
        reporter.Started(new RunStarted(device.type.ToString().ToLowerInvariant(), student.ParameterCount(), config.Steps));   // before a teacher cache is built, so its stage shows on a started run
        var train = GeneratedData.TrainingSet(config, options, teacher, data.Train, tokenizer, device, reporter);   // the dataset's, or the teacher's completions
        var onPolicy = config.Data?.Regime == DataRegimes.OnPolicy ? new OnPolicyBatches(config.Data, config.Seed, tokenizer, device) : null;
        var samplesProbe = onPolicy is null ? null
            : new PolicySampleProbe(models.TeacherData is null ? teacher : null, tokenizer, device, reporter, options.PolicySamplesInterval);
        // top_k_kl as the only teacher term: the teacher runs once per dataset into a cache, not at every step (never on-policy: the tokens change).
        // teacherStore: every logit term reads a teacher-logit store built once per teacher, data and settings (never on-policy
        // or packed, validated). Packed rows are read from the live teacher too: the caches store each sample's row as the padded
        // batch lays it out.
        var packing = config.Data?.Packing == true;
        using var teacherStore = onPolicy is null && !packing && models.TeacherData is null
            ? TeacherStore.TeacherLogitStores.Prepare(config.TeacherStore, objective, teacher, options, train, tokenizer.PadId, device, reporter, config.Precision)
            : null;
        using var teacherTopK = teacherStore is null
            ? TeacherTopKCaches.Prepare(objective, teacher, onPolicy is null && !packing ? options : options with { UseTeacherCache = false }, train, tokenizer.PadId, device, reporter)
            : null;
        if (teacherTopK is not null || teacherStore is not null) reporter.Stage(new RunStageProgress(RunStageProgress.Training, 0, config.Steps));   // the cache stage is over
        var step = new TrainingStep(student, teacherTopK is null && teacherStore is null ? teacher : null, objective, optimizer, config.GradClip, tokenizer.PadId,
                                    teacherTopK, teacherStore, precision: config.Precision);
        // Cross-tokenizer terms: every batch also carries the teacher's tokenization of its problems and their alignment.
        var aligned = objective.ReadsAlignedLogits ? AlignedTeacherData.Create(data, models.TeacherView) : null;
        // A teacher of another tokenizer cannot be compared with the student at eval (agreement, KL, its answers).
        var evalTeacher = models.TeacherData is null ? teacher : null;
        // Teacher hacking: golden metrics against the oracle beside the proxy against the teacher, at every evaluation.
        using var oracle = models.Oracle is not null ? models.LoadOracle(student.Shape, device) : null;
        var golden = oracle is not null && evalTeacher is not null ? new OracleEvaluation(oracle, data.Eval, config, tokenizer, device) : null;
        var sampler = new BatchSampler<ArithmeticProblem>(train, config.BatchSize, config.Seed);
        var checkpointer = new RunCheckpointer(config, options, student, tokenizer.Id, optimizer, [.. objective.parameters()], reporter,
                                               tokenizerFolder: models.TokenizerFolder);
        var done = resume is null ? 0 : Restore(options.ResumeFrom!, resume, config, optimizer, [.. objective.parameters()], sampler, checkpointer);
        onPolicy?.Resume(done, config.GradAccumulation);
        var klTerm = config.Objectives.FirstOrDefault(o => o.Kind == ObjectiveKinds.ForwardKl);
        var evaluator = new Evaluator(data.Eval, tokenizer, device, options.EvalLossSamples, options.EvalAccuracySamples,
                                      new ForwardKlObjective(klTerm?.Temperature ?? 1.0));
        var metrics = new MetricBuffer(reporter);
        var evalSets = EvalSetSuite.Create(config, EvalSetSources.Resolve(config, options, models, student.ContextLength), tokenizer, device, reporter);
        if (resume is null)
        {
            evalSets.Evaluate(student, evalTeacher, 0, metrics);   // the starting point of every evaluation set, and the teacher's answers
            AddGolden(0);
            metrics.Flush();
        }
        var loop = new StepLoop(config, reporter, metrics, checkpointer, () => (sampler.Drawn, sampler.Epoch));

        done = loop.Run(done, (s, lr) =>
        {
            using var scope = NewDisposeScope();                 // every tensor of this step is freed here
            // GradAccumulation micro-batches of BatchSize each make one optimizer step; tokens/s counts them all.
            if (onPolicy is not null) return OnPolicyStep(s, lr);
            var microBatches = Enumerable.Range(0, config.GradAccumulation)
                .Select(_ => sampler.NextIndices())
                .Select(indices => (packing ? SequencePacking.Collate(train, indices, tokenizer.PadId, student.ContextLength, device) : Batch.Collate(train, indices, tokenizer.PadId, device)) is var batch && aligned is not null
                    ? aligned.Attach(batch, indices, device) : batch).ToArray();
            var loss = step.Run(microBatches, lr);
            return new StepOutcome(loss.TotalValue, loss.Terms, microBatches.Sum(b => b.RealTokenCount));
        }, s =>
        {
            var eval = evaluator.Evaluate(student, evalTeacher);
            eval.AddTo(metrics, s);
            evalSets.Evaluate(student, evalTeacher, s, metrics);
            AddGolden(s);
            MemoryMetrics.AddTo(metrics, device, s);
            return eval;
        }, ct);
        return loop.Finish(done, models, student, options.OutputDirectory);

        void AddGolden(long s)
        {
            if (golden is null) return;
            foreach (var point in golden.Measure(student, evalTeacher!, s)) metrics.Add(point.Name, point.Step, point.Value);
        }

        // GKD: each micro-batch's completions are the student's own with probability λ; the step itself does not change.
        StepOutcome OnPolicyStep(int s, double lr)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var microBatches = new Batch[config.GradAccumulation];
            for (var m = 0; m < microBatches.Length; m++)
            {
                microBatches[m] = onPolicy.Collate(student, train, sampler.NextIndices(), s, m);
                if (onPolicy.LastSampled is { } sampled) samplesProbe!.Offer(s, sampled, onPolicy.OnPolicyCount, onPolicy.Drawn);
            }
            var sampling = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
            var onShare = (double)Enumerable.Range(0, config.GradAccumulation).Count(m => onPolicy.IsOnPolicy(s, m)) / config.GradAccumulation;
            var loss = step.Run(microBatches, lr);
            return new StepOutcome(loss.TotalValue, loss.Terms, microBatches.Sum(b => b.RealTokenCount))
            {
                Extra = [(DataRegimeMetrics.OnPolicy, onShare), (DataRegimeMetrics.OnPolicyShare, onPolicy.Share), (DataRegimeMetrics.GenerationSeconds, sampling)],
            };
        }
    }

    /// <summary>Metric name of the eval-split forward KL against the teacher (runs with a teacher only).</summary>
    public static readonly string EvalForwardKl = MetricNames.EvalTerm(ObjectiveKinds.ForwardKl);

    /// <summary>
    /// Puts a run built afresh into the state saved in <paramref name="folder"/>: weights, optimizer moments, the loss's
    /// projections, the batch order (replayed from the seed) and libtorch's generator. Returns the step it continues after.
    /// </summary>
    internal static int Restore<T>(string folder, TrainingState state, RunConfig config, TorchSharp.Modules.AdamW optimizer,
                                   IReadOnlyList<TorchSharp.Modules.Parameter> lossParameters, BatchSampler<T> sampler, RunCheckpointer checkpointer)
    {
        if (state.Step < 1 || state.Step >= config.Steps)
            throw new ArgumentException($"The checkpoint in '{folder}' is at step {state.Step}; a run of {config.Steps} steps can resume from steps 1 to {config.Steps - 1}.");
        TrainingCheckpoint.LoadOptimizerAndLoss(folder, optimizer, lossParameters);
        sampler.FastForward(state.BatchesDrawn);
        if (sampler.Epoch != state.Epoch)
            throw new InvalidOperationException($"Replaying the batch order gave epoch {sampler.Epoch}, the checkpoint says {state.Epoch}: the dataset or batch size changed.");
        TrainingCheckpoint.RestoreRng(state.TorchRngState);
        checkpointer.MarkSaved(state.Step);
        return (int)state.Step;
    }

}
