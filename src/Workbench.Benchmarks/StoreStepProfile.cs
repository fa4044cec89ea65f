using System.Diagnostics;
using System.Globalization;
using System.Text;
using TorchSharp.Modules;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using Workbench.Training.Trainer;
using Workbench.Training.Trainer.TeacherStore;
using static TorchSharp.torch;

namespace Workbench.Benchmarks;

/// <summary>
/// <c>store-epochs --profile</c>: where a student's step goes when the teacher is read from a teacher-logit store (no teacher
/// forward): the student's forward to (B, T, V) logits, one store read, the loss from the store (which reads the rows again),
/// backward, clipping and AdamW, as <c>TrainingStep</c> runs them in fp32. Two warm-up steps, then the mean of eight.
/// </summary>
internal static class StoreStepProfile
{
    private const int WarmUp = 2, Steps = 8;

    public static string Run(ICausalLanguageModel student, DistillationLoss loss, AdamW optimizer, TeacherLogitStores stores,
                             ArithmeticProblem[] train, int batchSize, double buildSeconds, bool reused)
    {
        var step = new TrainingStep(student, null, loss, optimizer, teacherStore: stores);
        var segments = new Dictionary<string, double>();
        void Time(string name, Action action)
        {
            var watch = Stopwatch.StartNew();
            action();
            segments[name] = segments.GetValueOrDefault(name) + watch.Elapsed.TotalMilliseconds;
        }

        var anyStoreTerm = loss.Objectives.OfType<IStoreObjective>().First();
        var batches = train.Length / batchSize;
        Batch BatchAt(int rep) => Batch.Collate(train, [.. Enumerable.Range(rep % batches * batchSize, batchSize)], 0);
        for (var rep = 0; rep < WarmUp + Steps; rep++)
        {
            if (rep == WarmUp) segments.Clear();
            using var scope = NewDisposeScope();
            using var batch = BatchAt(rep);
            Tensor? logits = null;
            LossResult? result = null;
            Time("student forward to (B, T, V) logits", () => logits = student.call(batch.InputIds));
            Time("one store read", () => stores.Read(batch, anyStoreTerm).Dispose());
            Time("loss from the store (reads included)", () => result = loss.ComputeWithTeacherStore(logits!, term => stores.Read(batch, term), batch.Labels));
            Time("backward", () => { optimizer.zero_grad(); result!.Total.backward(); });
            Time("clip_grad_norm_", () => nn.utils.clip_grad_norm_(student.parameters(), 1.0));
            Time("AdamW step", () => optimizer.step());
        }
        var whole = Stopwatch.StartNew();   // the same steps as TrainingStep.Run takes them (what the epochs time), for comparison
        for (var rep = 0; rep < Steps; rep++)
        {
            using var scope = NewDisposeScope();
            using var batch = BatchAt(rep);
            step.Run(batch, 1e-3);
        }
        var wholeMs = whole.Elapsed.TotalMilliseconds / Steps;

        var ci = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine(ci, $"Store step profile: {(reused ? "store reused" : $"store built in {buildSeconds:0.00} s")}; mean of {Steps} steps, {get_num_threads()} thread(s), load average {File.ReadAllText("/proc/loadavg")[..14].Trim()}:");
        md.AppendLine();
        md.AppendLine("| segment | ms/step |");
        md.AppendLine("|---|---|");
        foreach (var (name, ms) in segments) md.AppendLine(ci, $"| {name} | {ms / Steps:0.0} |");
        md.AppendLine(ci, $"| total | {segments.Values.Sum() / Steps:0.0} |");
        md.AppendLine(ci, $"| TrainingStep.Run, the same batches | {wholeMs:0.0} |");
        return md.ToString();
    }
}
