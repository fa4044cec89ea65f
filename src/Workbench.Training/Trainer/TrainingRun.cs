using System.Diagnostics;
using TorchSharp;
using Workbench.Experiments;
using Workbench.Training.Checkpoints;
using Workbench.Training.Data;
using Workbench.Training.Devices;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
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

        ThreadSettings.Apply(options.Threads);
        var device = DeviceSelector.Select(config.Device);
        var data = LoadDataset(config.Dataset, options);
        var tokenizer = data.Tokenizer;
        Directory.CreateDirectory(options.OutputDirectory);
        var checkpointPath = Path.Combine(options.OutputDirectory, GptCheckpoint.FileName);
        var resume = options.ResumeFrom is { } resumeFolder ? TrainingCheckpoint.ReadState(resumeFolder) : null;

        // One seed fixes the initial weights (own generator, so concurrent runs cannot disturb it) and the batch order.
        manual_seed(config.Seed);
        using var generator = new Generator((ulong)config.Seed);
        var (student, studentConfig) = CreateStudent(config, options, data, device, generator);
        using var _ = student;
        student.train();
        using var teacher = config.Teacher is not null && options.TeacherCheckpointPath is not null
            ? LoadTeacher(options.TeacherCheckpointPath, data, device, studentConfig, config.Objectives)
            : null;
        using var objective = new DistillationLoss(config.Objectives, student.Shape, teacher?.Shape);   // owns any projections, never saved with the student
        objective.to(device);
        using var optimizer = TrainingStep.CreateOptimizer(student, config.LearningRate, config.WeightDecay, objective.parameters());
        reporter.Started(new RunStarted(device.type.ToString().ToLowerInvariant(), student.ParameterCount(), config.Steps));   // before a teacher cache is built, so its stage shows on a started run
        // top_k_kl as the only teacher term: the teacher runs once per dataset into a cache, not at every step.
        using var teacherTopK = TeacherTopKCaches.Prepare(objective, teacher, options, data.Train, tokenizer.PadId, device, reporter);
        var step = new TrainingStep(student, teacherTopK is null ? teacher : null, objective, optimizer, config.GradClip, tokenizer.PadId, teacherTopK);
        var schedule = new LearningRateSchedule(config.LearningRate, config.Steps, kind: config.Schedule, warmupSteps: config.WarmupSteps);
        var sampler = new BatchSampler<ArithmeticProblem>(data.Train, config.BatchSize, config.Seed);
        var checkpointer = new RunCheckpointer(config, options, student, tokenizer.Id, optimizer, [.. objective.parameters()], reporter);
        var done = resume is null ? 0 : Restore(options.ResumeFrom!, resume, config, optimizer, [.. objective.parameters()], sampler, checkpointer);
        var klTerm = config.Objectives.FirstOrDefault(o => o.Kind == ObjectiveKinds.ForwardKl);
        var evaluator = new Evaluator(data.Eval, tokenizer, device, options.EvalLossSamples, options.EvalAccuracySamples,
                                      new ForwardKlObjective(klTerm?.Temperature ?? 1.0));
        // Datasets with an out-of-distribution split (the distractor benchmark) also report accuracy and copying there.
        var distractors = ExtraSplit(data, BuiltInDatasets.OodSplit) is { } ood ? new Leaf.Pipeline.DistractorMetrics(ood, tokenizer, device) : null;
        var metrics = new MetricBuffer(reporter);
        var meter = new ThroughputMeter();

        EvalResult? lastEval = null;
        while (done < config.Steps && !ct.IsCancellationRequested)
        {
            var s = done + 1;
            var started = Stopwatch.GetTimestamp();
            var lr = schedule.At(s);
            LossResult loss;
            long tokens;
            using (var scope = NewDisposeScope())                // every tensor of this step is freed here
            {
                // GradAccumulation micro-batches of BatchSize each make one optimizer step; tokens/s counts them all.
                var microBatches = Enumerable.Range(0, config.GradAccumulation)
                    .Select(_ => Batch.Collate(data.Train, sampler.NextIndices(), tokenizer.PadId, device)).ToArray();
                tokens = microBatches.Sum(b => b.TokenCount);
                loss = step.Run(microBatches, lr);                // only loss's numbers are used after the scope
            }
            if (!loss.IsFinite)
            {
                metrics.Flush();
                throw Diverged(s, loss);
            }
            done = s;
            var duration = Stopwatch.GetElapsedTime(started);
            meter.Record(duration, tokens);

            metrics.Add(MetricNames.TrainLoss, s, loss.TotalValue);
            foreach (var term in loss.Terms) metrics.Add(MetricNames.TrainTerm(term.Kind), s, term.Value);
            metrics.Add(MetricNames.LearningRate, s, lr);
            metrics.Add(MetricNames.TokensPerSecond, s, meter.TokensPerSecond);
            reporter.Progress(new RunProgress(s, config.Steps, meter.StepsPerSecond, meter.TokensPerSecond));

            if (s % config.EvalEvery == 0 || s == config.Steps)
            {
                metrics.Flush();                                  // the step's points must not wait for the eval
                lastEval = evaluator.Evaluate(student, teacher);
                lastEval.AddTo(metrics, s);
                distractors?.Report(student, s, metrics);
                metrics.Flush();
            }
            else
            {
                metrics.EndStep(duration);
            }
            if (checkpointer.IsDue(s)) checkpointer.Save(s, sampler.Drawn, sampler.Epoch, metrics);
        }

        if (done < config.Steps) checkpointer.Save(done, sampler.Drawn, sampler.Epoch, metrics);   // cancelled: resumable where it stopped
        GptCheckpoint.Save(student, studentConfig, checkpointPath, tokenizer.Id, done);
        metrics.Flush();
        reporter.CheckpointSaved(new CheckpointSaved(checkpointPath, done));
        var outcome = done == config.Steps ? TrainingOutcome.Completed : TrainingOutcome.Cancelled;
        return new TrainingResult(outcome, done, checkpointPath, lastEval);
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

    /// <summary>A built-in dataset by name, or an imported one from <see cref="TrainingOptions.DatasetPath"/>.</summary>
    internal static DatasetSplits LoadDataset(string dataset, TrainingOptions options)
    {
        if (!Workbench.Experiments.Datasets.DatasetRefs.IsImported(dataset)) return BuiltInDataCatalog.Load(dataset);
        if (options.DatasetPath is not { } path || !File.Exists(path))
            throw new ArgumentException($"Dataset '{dataset}' is imported, but its exported file was not given or does not exist.", nameof(options));
        return TextDatasetSplits.From(TextDataset.LoadAsync(path).GetAwaiter().GetResult());
    }

    /// <summary>The student: the resumed checkpoint's, else loaded from <see cref="TrainingOptions.StudentInitPath"/> when given, else freshly initialised from the config.</summary>
    internal static (Gpt Model, GptConfig Config) CreateStudent(RunConfig config, TrainingOptions options, DatasetSplits data, Device device, Generator generator)
    {
        if (options.ResumeFrom is { } folder)
        {
            var resumed = LoadCheckpoint(Path.Combine(folder, GptCheckpoint.FileName), data, device, "resumed student");
            return (resumed, resumed.Config);
        }
        if (options.StudentInitPath is { } path)
        {
            var student = LoadCheckpoint(path, data, device, "student");
            return (student, student.Config);
        }
        var studentConfig = GptConfig.FromModelRef(config.Student, data.Tokenizer.VocabSize);
        CheckContext(studentConfig, data, "student");
        var fresh = new Gpt(studentConfig, generator);
        fresh.to(device);
        return (fresh, studentConfig);
    }

    /// <summary>A named extra test split of the dataset (e.g. "ood"), or null.</summary>
    internal static IReadOnlyList<ArithmeticProblem>? ExtraSplit(DatasetSplits data, string name) =>
        data.ExtraEvalSplits.TryGetValue(name, out var split) ? split : null;

    internal static Gpt LoadTeacher(string path, DatasetSplits data, Device device, GptConfig student, IReadOnlyList<ObjectiveTerm> objectives)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"The teacher checkpoint '{path}' does not exist.", path);
        var info = GptCheckpoint.ReadInfo(path);
        // Vocabulary, layer maps and head counts, before any weight is read (objectives.md §0 vocabulary gate, §4, §5).
        var report = TeacherStudentCompatibility.Check(info.Config.Shape, info.TokenizerId, student.Shape, data.Tokenizer.Id, objectives);
        if (!report.IsCompatible)
            throw new InvalidOperationException($"The teacher does not fit this run: {string.Join("; ", report.Errors)}");
        CheckContext(info.Config, data, "teacher");
        var teacher = GptCheckpoint.Load(path, device);
        teacher.eval();
        foreach (var p in teacher.parameters()) p.requires_grad = false;
        return teacher;
    }

    private static Gpt LoadCheckpoint(string path, DatasetSplits data, Device device, string role)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"The {role} checkpoint '{path}' does not exist.", path);
        var info = GptCheckpoint.ReadInfo(path);
        // objectives.md §0, vocabulary gate: comparing distributions needs the same ids for the same words.
        if (info.TokenizerId != data.Tokenizer.Id || info.Config.VocabSize != data.Tokenizer.VocabSize)
            throw new InvalidOperationException(
                $"The {role} uses tokenizer '{info.TokenizerId}' (V = {info.Config.VocabSize}); this run uses '{data.Tokenizer.Id}' (V = {data.Tokenizer.VocabSize}). Teacher, student and dataset need the same vocabulary.");
        CheckContext(info.Config, data, role);
        return GptCheckpoint.Load(path, device);
    }

    internal static void CheckContext(GptConfig config, DatasetSplits data, string role)
    {
        var longest = data.Train.Concat(data.Eval).Max(p => p.TokenIds.Length);
        if (config.Context < longest)
            throw new InvalidOperationException($"The {role}'s context ({config.Context}) is shorter than the longest problem ({longest} tokens).");
    }

    internal static TrainingDivergedException Diverged(int step, LossResult loss)
    {
        var terms = loss.NonFiniteTerms;
        var isNaN = double.IsNaN(loss.TotalValue) || loss.Terms.Any(t => double.IsNaN(t.Value));
        return new TrainingDivergedException(step, terms.Count > 0 ? terms : ["total"], isNaN);
    }
}
