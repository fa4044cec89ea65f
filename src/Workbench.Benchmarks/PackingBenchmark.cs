using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Workbench.Experiments;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using Workbench.Training.Trainer;
using static TorchSharp.torch;

namespace Workbench.Benchmarks;

/// <summary>
/// <c>... -- packing [--steps N] [--rounds R] [--batch B] [--threads T]</c>: real-token throughput (tokens that are not padding,
/// per second) of CE + forward-KL distillation steps (teacher 4 × 128, student 2 × 64, the demo pair, random weights: speed
/// does not depend on them) on padded vs packed batches of the same samples, for each built-in dataset and an imported
/// variable-length JSONL file (generated here, read through the import path). Paired and interleaved: each round runs N
/// padded steps and N packed steps on the same batches, the order alternating by round, so load drifts hit both alike.
/// In-process, no server.
/// </summary>
internal static class PackingBenchmark
{
    public static int Run(string[] args)
    {
        var steps = Option(args, "--steps", 10);
        var rounds = Option(args, "--rounds", 3);
        var batchSize = Option(args, "--batch", 16);
        set_num_threads(Option(args, "--threads", 1));
        var dir = Path.Combine(Path.GetTempPath(), "wb-packing-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            Console.WriteLine($"load before: {Load()}");
            Console.WriteLine($"CE + forward KL (T = 2), teacher 4 x 128, student 2 x 64, batch {batchSize}, {steps} steps per mode per round, {rounds} rounds, {get_num_threads()} thread(s)");
            Console.WriteLine("| dataset | mean length | padding (padded / packed) | round | padded real tok/s | packed real tok/s | packed / padded |");
            Console.WriteLine("|---|---|---|---|---|---|---|");
            var datasets = new (string Name, DatasetSplits Data)[]
            {
                (BuiltInDatasets.Arithmetic, BuiltInDataCatalog.Load(BuiltInDatasets.Arithmetic)),
                (BuiltInDatasets.DistractorClean, BuiltInDataCatalog.Load(BuiltInDatasets.DistractorClean)),
                (BuiltInDatasets.DistractorShortcut, BuiltInDataCatalog.Load(BuiltInDatasets.DistractorShortcut)),
                ("imported (variable-length JSONL)", TextDatasetSplits.From(TextDataset.LoadAsync(WriteVariableLengthJsonl(dir)).GetAwaiter().GetResult())),
            };
            foreach (var (name, data) in datasets) Measure(name, data, steps, rounds, batchSize);
            Console.WriteLine($"load after: {Load()}");
            return 0;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Measure(string name, DatasetSplits data, int steps, int rounds, int batchSize)
    {
        var train = data.Train;
        var longest = train.Max(p => p.TokenIds.Length);
        var context = Math.Max(64, SequencePacking.LongestPerRow * longest);
        var vocab = data.Tokenizer.VocabSize;
        using var teacher = new Gpt(new GptConfig(4, 4, 128, context, vocab));
        teacher.eval();
        var ratios = new List<double>();
        var padding = (Padded: 0.0, Packed: 0.0);
        for (var round = 0; round < rounds; round++)
        {
            var results = new Dictionary<bool, (double RealPerSecond, double Padding)>();
            foreach (var packed in round % 2 == 0 ? new[] { false, true } : [true, false])
                results[packed] = Steps(teacher, train, data.Tokenizer.PadId, context, vocab, batchSize, steps, seed: round, packed);
            var ratio = results[true].RealPerSecond / results[false].RealPerSecond;
            ratios.Add(ratio);
            padding = (results[false].Padding, results[true].Padding);
            Console.WriteLine($"| {name} | {train.Average(p => p.TokenIds.Length):F1} | {padding.Padded:P0} / {padding.Packed:P0} | {round + 1} | {results[false].RealPerSecond:F0} | {results[true].RealPerSecond:F0} | {ratio:F2} |");
        }
        Console.WriteLine($"| {name} | | | median | | | **{ratios.Order().ElementAt(ratios.Count / 2):F2}** |");
    }

    // steps distillation steps on the same seeded batches; real tokens per second and the share of processed tokens that was padding
    private static (double RealPerSecond, double Padding) Steps(Gpt teacher, IReadOnlyList<ArithmeticProblem> train, int padId, int context, int vocab,
                                                                int batchSize, int steps, int seed, bool packed)
    {
        using var student = new Gpt(new GptConfig(2, 2, 64, context, vocab));
        using var loss = new DistillationLoss([new ObjectiveTerm(), new ObjectiveTerm { Kind = ObjectiveKinds.ForwardKl, Temperature = 2 }]);
        using var optimizer = TrainingStep.CreateOptimizer(student, 1e-3);
        var step = new TrainingStep(student, teacher, loss, optimizer, padId: padId);
        var sampler = new BatchSampler<ArithmeticProblem>(train, batchSize, seed);
        long real = 0, processed = 0;
        var watch = new Stopwatch();
        for (var i = 0; i < steps + 1; i++)
        {
            using var scope = NewDisposeScope();
            var problems = sampler.Next();
            using var batch = packed ? SequencePacking.Collate(problems, padId, context) : Batch.Collate(problems, padId);
            if (i == 1) watch.Start();   // the first step warms up allocator pools and is not counted
            step.Run(batch, 1e-3);
            if (i == 0) continue;
            real += problems.Sum(p => p.TokenIds.Length);
            processed += batch.TokenCount;
        }
        watch.Stop();
        return (real / watch.Elapsed.TotalSeconds, 1 - (double)real / processed);
    }

    // An imported-style dataset whose prompts run from 4 to 90 words and completions from 1 to 12, skewed short as real text is.
    private static string WriteVariableLengthJsonl(string dir)
    {
        var random = new Random(7);
        string[] words = [.. Enumerable.Range(0, 400).Select(i => $"w{i}")];
        string Text(int min, int max)
        {
            var n = min + (int)((max - min) * Math.Pow(random.NextDouble(), 2));
            return string.Join(' ', Enumerable.Range(0, n).Select(_ => words[random.Next(words.Length)]));
        }
        var path = Path.Combine(dir, "variable.jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, 2000).Select(i => JsonSerializer.Serialize(new
        {
            prompt = Text(4, 90),
            completion = Text(1, 12),
            split = i < 1800 ? "train" : "eval",
        })));
        return path;
    }

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }
}
