using Workbench.Training.Data;
using Workbench.Training.Devices;
using Workbench.Training.Diagnostics;
using Workbench.Training.Leaf;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using Workbench.Training.Trainer;
using static TorchSharp.torch;

namespace Workbench.Benchmarks.Throughput;

/// <summary>
/// Measures one case in this process: builds only the models the case uses, runs it on random token ids and reads
/// the process's memory high-water mark at the end, then measures the matmul peak under the same load. Run in a fresh
/// process per case, so the mark is the case's own.
/// </summary>
public static class CaseRunner
{
    private const double LearningRate = 1e-4;

    public static ThroughputResult Run(BenchmarkPair pair, ThroughputCase c, int threads, int warmUp, int repetitions, double minSeconds, int matmulSize,
                                       long? logitChunkRows = null, string precision = Experiments.Precisions.Float32)
    {
        set_num_threads(threads);                                       // also loads libtorch, so the baseline includes it
        var baseline = ProcessMemory.ResidentBytes();
        var (B, T) = (pair.Batch, pair.SequenceLength);

        using var teacherGenerator = new Generator(1);
        using var studentGenerator = new Generator(2);
        using var teacher = c.NeedsTeacher ? pair.BuildTeacher(teacherGenerator) : null;
        using var student = c.NeedsStudent ? pair.BuildStudent(studentGenerator) : null;
        using var batch = RandomBatch(B, T, pair.VocabSize);
        var timing = new Timing(warmUp, repetitions, minSeconds);

        var (seconds, flopsPerToken) = c.Kind switch
        {
            ThroughputCaseKind.TeacherForward => (TeacherForward(teacher!, batch, timing, precision), pair.TeacherFlops.Forward(T)),
            ThroughputCaseKind.DistillationStep => (DistillationStep(student!, teacher, c, batch, timing, logitChunkRows, precision),
                                                    FlopCount.DistillationStep(pair.StudentFlops, teacher is null ? null : pair.TeacherFlops, T)),
            ThroughputCaseKind.StudentSaliency => (InputGradient(student!, batch, timing), pair.StudentFlops.InputGradient(T)),
            _ => (InputGradient(teacher!, batch, timing), pair.TeacherFlops.InputGradient(T)),
        };
        var peakRss = ProcessMemory.PeakResidentBytes();                // before the matmul's buffers
        var localPeak = MatmulPeak.Measure(matmulSize, warmUp: 1, repetitions: 3);
        return new ThroughputResult(pair.Name, c.Title, threads, (long)B * T, B, seconds, flopsPerToken, peakRss, baseline, localPeak);
    }

    /// <summary>The pair's models' parameter counts, built once (for the table's header).</summary>
    public static (long Teacher, long Student) ParameterCounts(BenchmarkPair pair)
    {
        using var generator = new Generator(1);
        using var teacher = pair.BuildTeacher(generator);
        using var student = pair.BuildStudent(generator);
        return (teacher.ParameterCount(), student.ParameterCount());
    }

    private static double TeacherForward(ICausalLanguageModel teacher, Batch batch, Timing timing, string precision)
    {
        teacher.eval();
        return RepetitionTimer.MedianSeconds(() =>
        {
            using var _ = no_grad();
            using var autocast = DeviceSelector.Autocast(batch.InputIds.device, precision);
            teacher.call(batch.InputIds);
        }, timing.WarmUp, timing.Repetitions, timing.MinSeconds);
    }

    // One TrainingStep as the trainer runs it: teacher forward, student forward, loss, backward, clipping, AdamW.
    private static double DistillationStep(ICausalLanguageModel student, ICausalLanguageModel? teacher, ThroughputCase c, Batch batch, Timing timing, long? logitChunkRows,
                                           string precision)
    {
        teacher?.eval();
        student.train();
        using var loss = new DistillationLoss(c.Terms, student.Shape, teacher?.Shape);
        using var optimizer = TrainingStep.CreateOptimizer(student, LearningRate, lossParameters: loss.parameters());
        var step = new TrainingStep(student, teacher, loss, optimizer, logitChunkRows: logitChunkRows, precision: precision);
        return RepetitionTimer.MedianSeconds(() => step.Run(batch, LearningRate), timing.WarmUp, timing.Repetitions, timing.MinSeconds);
    }

    // LeaF's detection cost: the gradient of the response NLL w.r.t. the input embeddings, the whole batch at once.
    private static double InputGradient(ICausalLanguageModel model, Batch batch, Timing timing)
    {
        var (B, T) = ((int)batch.InputIds.shape[0], (int)batch.InputIds.shape[1]);
        var ids = batch.InputIds.data<long>().ToArray();
        SaliencyRequest[] requests = [.. Enumerable.Range(0, B).Select(b =>
            new SaliencyRequest([.. ids.AsSpan(b * T, T).ToArray().Select(id => (int)id)], ScoredStart: 1, ScoredLength: T / 2 - 1, ResponseStart: T / 2))];
        return RepetitionTimer.MedianSeconds(() => InputSaliency.Compute(model, requests, CPU, batchSize: B), timing.WarmUp, timing.Repetitions, timing.MinSeconds);
    }

    private readonly record struct Timing(int WarmUp, int Repetitions, double MinSeconds);

    // Uniform random ids; every position but the last is a target, as if the whole sequence were the answer.
    private static Batch RandomBatch(int B, int T, int vocab)
    {
        var random = new Random(3);
        ArithmeticProblem[] rows = [.. Enumerable.Range(0, B).Select(_ =>
            new ArithmeticProblem("", "", "random", [.. Enumerable.Range(0, T).Select(_ => random.Next(vocab))], AnswerStart: 1))];
        return Batch.Collate(rows, padId: 0);
    }
}
