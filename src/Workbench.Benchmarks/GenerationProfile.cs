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
/// <c>... -- generation-profile [--new N] [--repeat R]</c>: where a batch-1 cached decoding step spends its time, in CPU-µs per new
/// token: the whole step, and apart from it the cache's per-step bookkeeping (Begin/End: positions and mask), the rotary angles
/// (Llama), the next-token pick with its copy to the CPU, and making the step's input tensors.
/// </summary>
internal static class GenerationProfile
{
    public static int Run(string[] args)
    {
        var newTokens = Option(args, "--new", 64);
        var repeat = Option(args, "--repeat", 5);
        set_num_threads(1);
        var vocab = WordTokenizer.ForArithmetic().VocabSize;
        using var gpt = new Gpt(GptConfig.FromModelRef(RunPresets.DemoTeacher.Config.Student, vocab) with { Context = 128 });
        using var llama = new LlamaForCausalLM(DemoModelConfigs.Teacher(vocab));
        gpt.eval();
        llama.eval();
        int[][] prompt = [[.. Enumerable.Range(4, 16)]];
        Console.WriteLine($"batch 1, prompt 16 tokens, {newTokens} new tokens, best of {repeat}, CPU-µs per new token");
        Console.WriteLine("| model | cached step | recompute step | cache Begin/End | rotary angles | argmax + copy | input tensors |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (name, model, layers) in new (string, IIncrementalDecoder, int)[] { ("GPT 4 x 128", gpt, 4), ("Llama 4 x 128", llama, 4) })
        {
            CachedDecoder.Generate(model, prompt, 16, -1, 0);
            RecomputingDecoder.Generate(model, prompt, 16, -1, 0);
            var cached = Best(repeat, () => CachedDecoder.Generate(model, prompt, newTokens, -1, 0)) / newTokens;
            var recompute = Best(repeat, () => RecomputingDecoder.Generate(model, prompt, newTokens, -1, 0)) / newTokens;
            var bookkeeping = Best(repeat, () =>
            {
                using var cache = new KeyValueCache(layers, 1, 16 + newTokens, CPU);
                using (var first = ones(1, 16, dtype: ScalarType.Bool)) { cache.Begin(first); cache.End(); }
                for (var s = 1; s < newTokens; s++)
                {
                    using var real = ones(1, 1, dtype: ScalarType.Bool);
                    cache.Begin(real);
                    cache.End();
                }
                return 0;
            }) / newTokens;
            var rotary = 0.0;
            if (model is LlamaForCausalLM l)
            {
                var rope = new RotaryEmbedding(l.Config);
                rotary = Best(repeat, () =>
                {
                    for (var s = 0; s < newTokens; s++)
                    {
                        using var scope = NewDisposeScope();
                        using var positions = tensor(new long[] { 16 + s });
                        var (cos, sin) = rope.Compute(positions);
                    }
                    return 0;
                }) / newTokens;
            }
            using var logits = randn(1, vocab);
            var pick = Best(repeat, () =>
            {
                for (var s = 0; s < newTokens; s++)
                {
                    using var scope = NewDisposeScope();
                    _ = TokenSampler.Next(logits, SamplingSettings.Greedy, null).cpu().data<long>().ToArray();
                }
                return 0;
            }) / newTokens;
            var inputs = Best(repeat, () =>
            {
                for (var s = 0; s < newTokens; s++)
                {
                    using var scope = NewDisposeScope();
                    _ = tensor(new long[] { 5 }, [1, 1], dtype: ScalarType.Int64);
                    _ = tensor(new[] { true }, [1, 1]);
                }
                return 0;
            }) / newTokens;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {cached * 1e6:F0} | {recompute * 1e6:F0} | {bookkeeping * 1e6:F0} | {rotary * 1e6:F0} | {pick * 1e6:F0} | {inputs * 1e6:F0} |"));
        }
        return 0;
    }

    // The least CPU time of `repeat` runs: the machine is shared, and the minimum is the run least disturbed by others.
    private static double Best<T>(int repeat, Func<T> run)
    {
        var best = double.MaxValue;
        using var process = Process.GetCurrentProcess();
        for (var i = 0; i < repeat; i++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            run();
            process.Refresh();
            best = Math.Min(best, (process.TotalProcessorTime - cpu).TotalSeconds);
        }
        return best;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
