using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Workbench.Benchmarks.Throughput;
using Workbench.Experiments;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using Workbench.Training.Trainer;
using Workbench.Training.Trainer.TeacherStore;
using static TorchSharp.torch;

namespace Workbench.Benchmarks;

/// <summary>
/// <c>... -- store-epochs --mode store|live [--students 2] [--seed 1] [--epochs 3] [--sequences 64] [--k 64] [--threads 1]
/// [--dir DIR] [--text FILE,...] [--precision fp32|bf16] [--profile]</c>: a three-epoch distillation of the benchmark's Llama 40M/10M pair (CE + forward KL at T = 2,
/// × T²; B 8 × T 128; AdamW lr 1e-3, wd 0.01, clip 1) on a word-level text dataset, the teacher read from a teacher-logit store
/// (built once, counted in the wall time, reused by the next student) or run live at every step. Writes the token ids to
/// <c>DIR/ids.json</c> for the PyTorch twin (<c>pytorch_llama_epochs.py</c>) and prints one JSON line: wall time, store build,
/// bytes per token, and per student the held-out CE, forward KL to the teacher and top-1 agreement.
/// The teacher has random weights with its output head scaled × 8, so its next-token distributions are peaked (far from uniform).
/// The line also gives the teacher's mean probability mass in its top k at T = 1 and at the objective's T on the held-out text
/// (what a top-k store keeps), and the process's CPU time beside the wall time (the steadier measure on a shared machine).
/// <c>--precision bf16</c> runs each training step (and a live teacher's forward) under bf16 autocast, as a run's <c>precision</c>
/// does, and builds the store under it too (a store of its own); every evaluation runs in fp32 either way.
/// <c>--profile</c> builds the store, then times the first student's step by segment instead (<see cref="StoreStepProfile"/>).
/// </summary>
internal static class StoreEpochsBenchmark
{
    private const int B = 8, T = 128, EvalSequences = 16;
    private const double Temperature = 2, LearningRate = 1e-3;

    public static int Run(string[] args)
    {
        var mode = Text(args, "--mode", "store");
        var students = Option(args, "--students", 2);
        var seed = Option(args, "--seed", 1);
        var epochs = Option(args, "--epochs", 3);
        var sequences = Option(args, "--sequences", 64);
        var k = Option(args, "--k", 64);
        var precision = Text(args, "--precision", Precisions.Float32);
        set_num_threads(Option(args, "--threads", 1));
        var dir = Path.GetFullPath(Text(args, "--dir", Path.Combine(Path.GetTempPath(), "wb-store-epochs")));
        Directory.CreateDirectory(dir);
        var pair = BenchmarkPair.Llama;
        var (train, eval) = TextData(Text(args, "--text", "/usr/share/common-licenses/GPL-3,/usr/share/common-licenses/GPL-2,/usr/share/common-licenses/Apache-2.0,/usr/share/common-licenses/LGPL-2.1,/usr/share/common-licenses/MPL-2.0,/usr/share/common-licenses/Artistic,/usr/share/common-licenses/CC0-1.0"),
                                     pair.VocabSize, sequences);
        File.WriteAllText(Path.Combine(dir, "ids.json"), JsonSerializer.Serialize(new { train = train.Select(p => p.TokenIds), eval = eval.Select(p => p.TokenIds) }));

        using var teacher = pair.BuildTeacher(new Generator(1));
        teacher.eval();
        using (no_grad())
            foreach (var (name, p) in ((nn.Module)teacher).named_parameters())
                if (name.Contains("lm_head", StringComparison.Ordinal)) p.mul_(8);
        var teacherIdentity = Path.Combine(dir, "teacher-llama-40m-seed1.id");   // the store key reads the teacher file's path, size and time
        if (!File.Exists(teacherIdentity)) File.WriteAllText(teacherIdentity, "Llama 40M, seed 1, lm_head x 8");
        var (massAt1, massAtT) = TopKMass(teacher, eval, k);
        ObjectiveTerm[] terms = [new() { Kind = ObjectiveKinds.CrossEntropy }, new() { Kind = ObjectiveKinds.ForwardKl, Temperature = Temperature }];
        var config = new TeacherStoreConfig { TopK = k };
        var options = new TrainingOptions(Path.Combine(dir, "runs", "x"), teacherIdentity) { CacheDirectory = Path.Combine(dir, "store") };

        var wall = Stopwatch.StartNew();
        var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;   // the steadier measure on a shared machine (one libtorch thread)
        var results = new List<object>();
        double buildSeconds = 0, bytesPerToken = 0;
        var reused = true;
        for (var s = 0; s < students; s++)
        {
            using var student = pair.BuildStudent(new Generator((ulong)(seed * 100 + s)));
            student.train();
            using var loss = new DistillationLoss(terms);
            using var optimizer = TrainingStep.CreateOptimizer(student, LearningRate);
            using var stores = mode == "store" ? TeacherLogitStores.Prepare(config, loss, teacher, options, train, 0, CPU, new SilentReporter(), precision) : null;
            if (stores is not null)
            {
                buildSeconds += stores.Files.Sum(f => f.BuildTime.TotalSeconds);
                bytesPerToken = stores.Files.Sum(f => f.BytesPerToken);
                reused &= stores.Files.All(f => f.Reused);
            }
            if (args.Contains("--profile") && stores is not null)
            {
                Console.WriteLine(StoreStepProfile.Run(student, loss, optimizer, stores, train, B, buildSeconds, reused));
                return 0;
            }
            var step = new TrainingStep(student, stores is null ? teacher : null, loss, optimizer, teacherStore: stores, precision: precision);
            var started = Stopwatch.GetTimestamp();
            var cpuStarted = Process.GetCurrentProcess().TotalProcessorTime;
            var random = new Random(seed * 100 + s);
            var last = 0.0;
            for (var epoch = 0; epoch < epochs; epoch++)
            {
                var order = Enumerable.Range(0, train.Length).OrderBy(_ => random.Next()).ToArray();
                for (var at = 0; at + B <= order.Length; at += B)
                {
                    using var scope = NewDisposeScope();
                    using var batch = Batch.Collate(train, order[at..(at + B)], 0);
                    last = step.Run(batch, LearningRate).TotalValue;
                }
            }
            var trainSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var trainCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuStarted).TotalSeconds;
            var (ce, kl, agreement) = Evaluate(student, teacher, eval);
            results.Add(new { student = s, train_seconds = Math.Round(trainSeconds, 1), train_cpu_seconds = Math.Round(trainCpuSeconds, 1), last_loss = Math.Round(last, 4), eval_ce = ce, eval_forward_kl = kl, eval_agreement = agreement });
        }
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            mode, precision, seed, epochs, students, sequences, tokens_per_epoch = sequences * T, k,
            wall_seconds = Math.Round(wall.Elapsed.TotalSeconds, 1), cpu_seconds = Math.Round((Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalSeconds, 1), store_build_seconds = Math.Round(buildSeconds, 1), store_reused = reused,
            bytes_per_token = bytesPerToken, teacher_topk_mass_t1 = massAt1, teacher_topk_mass_t = massAtT, load = File.ReadAllText("/proc/loadavg").Trim(), results,
        }));
        return 0;
    }

    // Mean over held-out tokens of the teacher's probability mass in its k most likely tokens, at T = 1 and at the objective's T.
    private static (double AtOne, double AtT) TopKMass(ICausalLanguageModel teacher, IReadOnlyList<ArithmeticProblem> eval, int k)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        using var batch = Batch.Collate(eval, 0);
        var logits = teacher.call(batch.InputIds);
        double Mass(double temperature) => Math.Round(nn.functional.softmax(logits / temperature, -1).topk(k, -1).values.sum(-1).mean().item<float>(), 4);
        return (Mass(1), Mass(Temperature));
    }

    // Held-out CE on the text, forward KL(teacher ‖ student) at T = 1 and top-1 agreement, token means over the eval sequences.
    private static (double Ce, double Kl, double Agreement) Evaluate(ICausalLanguageModel student, ICausalLanguageModel teacher, IReadOnlyList<ArithmeticProblem> eval)
    {
        student.eval();
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        using var batch = Batch.Collate(eval, 0);
        var zs = student.call(batch.InputIds);
        var zt = teacher.call(batch.InputIds);
        var mask = batch.Labels.ne(Batch.IgnoreIndex);
        var s = zs.index([mask]);
        var t = zt.index([mask]);
        var y = batch.Labels.index([mask]);
        var ce = nn.functional.cross_entropy(s, y).item<float>();
        var kl = new ForwardKlObjective().Compute(zs, zt, batch.Labels).item<float>();
        var agreement = s.argmax(1).eq(t.argmax(1)).to(ScalarType.Float32).mean().item<float>();
        student.train();
        return (Math.Round(ce, 4), Math.Round(kl, 4), Math.Round(agreement, 4));
    }

    /// <summary>Word-level ids of the concatenated text files (the 8,191 most frequent words, 0 = any other), cut into sequences of T.</summary>
    private static (ArithmeticProblem[] Train, ArithmeticProblem[] Eval) TextData(string files, int vocab, int sequences)
    {
        var words = files.Split(',').Where(File.Exists).SelectMany(f => Regex.Matches(File.ReadAllText(f).ToLowerInvariant(), @"[a-z]+|[0-9]+|[^\sa-z0-9]").Select(m => m.Value)).ToArray();
        var ids = words.GroupBy(w => w).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(vocab - 1)
            .Select((g, i) => (g.Key, Id: i + 1)).ToDictionary(x => x.Key, x => x.Id);
        var tokens = words.Select(w => ids.GetValueOrDefault(w)).ToArray();
        var needed = (sequences + EvalSequences) * T;
        if (tokens.Length < needed) tokens = [.. Enumerable.Repeat(tokens, needed / tokens.Length + 1).SelectMany(x => x)];   // repeat a short text
        var all = Enumerable.Range(0, sequences + EvalSequences)
            .Select(i => new ArithmeticProblem("", "", "text", tokens[(i * T)..((i + 1) * T)], AnswerStart: 1)).ToArray();
        return (all[EvalSequences..], all[..EvalSequences]);   // the held-out text comes first, so it never repeats a training sequence
    }

    private static int Option(string[] args, string name, int fallback) =>
        int.Parse(Text(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    private static string Text(string[] args, string name, string fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }

    private sealed class SilentReporter : ITrainingReporter
    {
        public void Started(RunStarted info) { }
        public void Metrics(IReadOnlyList<MetricPoint> points) { }
        public void Progress(RunProgress progress) { }
        public void CheckpointSaved(CheckpointSaved checkpoint) { }
    }
}
