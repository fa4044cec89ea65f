using System.Diagnostics;
using System.Globalization;
using Workbench.Experiments;
using Workbench.Training.Data;
using Workbench.Training.Demo;
using Workbench.Training.Models;
using Workbench.Training.Models.Generation;
using Workbench.Training.Models.Llama;
using static TorchSharp.torch;

namespace Workbench.Benchmarks;

/// <summary>
/// <c>... -- generation [--new N] [--threads T] [--wide]</c>: new tokens per second of greedy decoding with the key/value cache
/// (<see cref="CachedDecoder"/>) against the decoder that recomputes the sequence every step (<see cref="RecomputingDecoder"/>),
/// at batch 1, 8 and 32, prompts of 8–24 tokens, no &lt;eos&gt; (every row makes N new tokens). Models: the built-in GPT
/// teacher (4 × 128) and the Llama demo teacher (4 × 128, GQA), random weights, since speed does not depend on them. In-process.
/// <c>--wide</c> measures GPT-2-small-sized models instead (12 × 768; Llama with 4 kv heads and SwiGLU 2,048), where the
/// arithmetic the cache saves, not per-operation overhead, sets the cost of a one-row step.
/// </summary>
internal static class GenerationBenchmark
{
    public static int Run(string[] args)
    {
        var newTokens = Option(args, "--new", 64);
        set_num_threads(Option(args, "--threads", 1));
        var vocab = WordTokenizer.ForArithmetic().VocabSize;
        var wide = args.Contains("--wide");
        using var gpt = new Gpt(wide ? new GptConfig(Layers: 12, Heads: 12, Width: 768, Context: 128, VocabSize: vocab)
                                     : GptConfig.FromModelRef(RunPresets.DemoTeacher.Config.Student, vocab) with { Context = 128 });
        using var llama = new LlamaForCausalLM(wide
            ? DemoModelConfigs.Teacher(vocab) with { HiddenSize = 768, IntermediateSize = 2048, NumHiddenLayers = 12, NumAttentionHeads = 12, NumKeyValueHeads = 4 }
            : DemoModelConfigs.Teacher(vocab));
        var size = wide ? "12 x 768" : "4 x 128";
        gpt.eval();
        llama.eval();
        Console.WriteLine($"greedy, {newTokens} new tokens per row, prompts of 8-24 tokens, {get_num_threads()} thread(s), vocabulary {vocab}");
        Console.WriteLine("Rates per CPU-second of this process (one libtorch thread), so other load on the machine does not skew them; wall-clock speed-up beside.");
        Console.WriteLine("| model | batch | recompute tok/CPU-s | cached tok/CPU-s | speed-up (CPU) | speed-up (wall) | same tokens |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (name, model) in new (string, IIncrementalDecoder)[] { ($"GPT {size}", gpt), ($"Llama {size}", llama) })
            foreach (var batch in new[] { 1, 8, 32 })
            {
                var prompts = Prompts(batch, vocab);
                CachedDecoder.Generate(model, prompts, 16, -1, 0);                                 // warm-up: the JIT's tiers settle first
                RecomputingDecoder.Generate(model, prompts, 16, -1, 0);
                var (cached, cachedSeconds, cachedWall) = Time(() => CachedDecoder.Generate(model, prompts, newTokens, -1, 0).Tokens);
                var (recomputed, recomputeSeconds, recomputeWall) = Time(() => RecomputingDecoder.Generate(model, prompts, newTokens, -1, 0));
                var produced = cached.Sum(t => t.Length);
                var same = cached.Zip(recomputed).All(p => p.First.SequenceEqual(p.Second));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {batch} | {produced / recomputeSeconds:F0} | {produced / cachedSeconds:F0} | {recomputeSeconds / cachedSeconds:F1}x | {recomputeWall / cachedWall:F1}x | {(same ? "yes" : "no")} |"));
            }
        return 0;
    }

    private static int[][] Prompts(int batch, int vocab)
    {
        var random = new Random(batch);
        return [.. Enumerable.Range(0, batch).Select(_ => Enumerable.Range(0, random.Next(8, 25)).Select(_ => random.Next(4, vocab)).ToArray())];
    }

    // CPU time of the whole process (libtorch runs on the calling thread with one thread) and wall time.
    private static (T Result, double CpuSeconds, double WallSeconds) Time<T>(Func<T> run)
    {
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = run();
        process.Refresh();
        return (result, (process.TotalProcessorTime - cpu).TotalSeconds, watch.Elapsed.TotalSeconds);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
