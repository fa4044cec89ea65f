using System.Diagnostics;
using System.Globalization;
using System.Text;
using TorchSharp;
using TorchSharp.Modules;
using Workbench.Experiments;
using Workbench.Training.Diagnostics;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using Workbench.Training.Trainer;
using static TorchSharp.torch;

namespace Workbench.Benchmarks.Throughput;

/// <summary>
/// <c>training --profile [--threads N] [--reps N]</c>: where the time of the Llama pair's CE + forward KL step goes, as the
/// training step runs it (teacher trunk under no_grad, student trunk, chunked logit loss with its per-chunk gradients,
/// backward, clipping, AdamW), with the forwards split by module through forward hooks (Stopwatch around each module;
/// CPU ops are synchronous). What the hooks do not cover inside the trunk is attention's core (rotary, SDPA, reshapes)
/// and the residual adds. Compare with torch.profiler on the PyTorch twin.
/// </summary>
public static class StepProfile
{
    public static string Run(TrainingBenchmarkOptions options)
    {
        var threads = options.Threads[0];
        set_num_threads(threads);
        var pair = BenchmarkPair.Llama;
        using var teacherGenerator = new Generator(1);
        using var studentGenerator = new Generator(2);
        using var teacher = pair.BuildTeacher(teacherGenerator);
        using var student = pair.BuildStudent(studentGenerator);
        teacher.eval();
        student.train();
        var timers = new ModuleTimers();
        timers.Attach("teacher", (nn.Module)teacher);
        timers.Attach("student", (nn.Module)student);

        var random = new Random(3);
        using var ids = tensor(Enumerable.Range(0, pair.Batch * pair.SequenceLength).Select(_ => (long)random.Next(pair.VocabSize)).ToArray(), [pair.Batch, pair.SequenceLength]);
        using var labels = ids.roll(-1, 1);
        using var loss = new DistillationLoss([new ObjectiveTerm(), new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl, Temperature = 2 }]);
        using var optimizer = TrainingStep.CreateOptimizer(student, 1e-4);
        var splitStudent = (ISplitHead)student;
        var splitTeacher = (ISplitHead)teacher;
        var segments = new Dictionary<string, double>();
        void Time(string name, Action action)
        {
            var watch = Stopwatch.StartNew();
            action();
            segments[name] = segments.GetValueOrDefault(name) + watch.Elapsed.TotalSeconds;
        }

        var steps = 0;
        for (var rep = 0; rep < options.WarmUp + options.Repetitions; rep++)
        {
            if (rep == options.WarmUp) { segments.Clear(); timers.Clear(); }
            using var scope = NewDisposeScope();
            Tensor? teacherHidden = null, studentHidden = null;
            LossResult? result = null;
            Time("teacher trunk (no grad)", () => { using var _ = no_grad(); teacherHidden = splitTeacher.ForwardHidden(ids); });
            Time("student trunk forward", () => studentHidden = splitStudent.ForwardHidden(ids));
            Time("chunked loss: heads, CE + FKL, per-chunk gradients", () => result = loss.ComputeChunked(splitStudent, studentHidden!, splitTeacher, teacherHidden!, labels, ChunkedLogitLoss.DefaultRows(pair.VocabSize)));
            Time("backward through the trunk", () => { optimizer.zero_grad(); result!.Total.backward(); });
            Time("clip_grad_norm_", () => nn.utils.clip_grad_norm_(student.parameters(), 1.0));
            Time("AdamW step", () => optimizer.step());
            if (rep >= options.WarmUp) steps++;
        }

        var md = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        var total = segments.Values.Sum();
        md.AppendLine(ci, $"Profile of the Llama pair's CE + forward_kl step, {threads} thread(s), mean of {steps} steps, load average {MachineInfo.ReadLoadAverage():0.0}:");
        md.AppendLine();
        md.AppendLine("| segment | ms/step | share |");
        md.AppendLine("|---|---|---|");
        foreach (var (name, seconds) in segments)
            md.AppendLine(ci, $"| {name} | {1000 * seconds / steps:0.0} | {seconds / total:P0} |");
        md.AppendLine();
        md.AppendLine("| forward, by module (hooks) | ms/step |");
        md.AppendLine("|---|---|");
        foreach (var (name, seconds) in timers.Totals.OrderByDescending(kv => kv.Value))
            md.AppendLine(ci, $"| {name} | {1000 * seconds / steps:0.0} |");
        return md.ToString();
    }

    // Forward time per (model, module kind): Linear layers by field name (q_proj, ..., lm_head), every RmsNorm, every MLP.
    private sealed class ModuleTimers
    {
        private readonly Dictionary<string, double> _totals = [];
        private readonly Stack<Stopwatch> _running = new();

        public IReadOnlyDictionary<string, double> Totals => _totals;

        public void Clear() => _totals.Clear();

        public void Attach(string model, nn.Module root)
        {
            foreach (var (name, module) in root.named_modules())
            {
                if (module is not nn.Module<Tensor, Tensor> timed) continue;
                var field = name.Split('.')[^1];
                var kind = module switch
                {
                    Linear => field,
                    Embedding => "embed_tokens",
                    _ => module.GetType().Name,
                };
                var key = $"{model}: {kind}";
                timed.register_forward_pre_hook((_, input) => { _running.Push(Stopwatch.StartNew()); return input; });
                timed.register_forward_hook((_, _, output) =>
                {
                    _totals[key] = _totals.GetValueOrDefault(key) + _running.Pop().Elapsed.TotalSeconds;
                    return output;
                });
            }
        }
    }
}
