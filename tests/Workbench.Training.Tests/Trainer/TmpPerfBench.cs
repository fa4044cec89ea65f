using System.Diagnostics;
using Workbench.Training.Data;
using Workbench.Training.Models;
using Workbench.Training.Objectives;
using Workbench.Training.Tests.Shared;
using Workbench.Training.Trainer;
using Workbench.Experiments;
using static TorchSharp.torch;
using Xunit.Abstractions;
namespace Workbench.Training.Tests.Trainer;
public sealed class TmpPerfBench(ITestOutputHelper output)
{
    [BenchmarkFact]
    public void Perf()
    {
        set_num_threads(1);
        using var a = randn(2048, 2048); using var b = randn(2048, 2048);
        using (var c0 = a.matmul(b)) { }
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < 3; i++) using (var c = a.matmul(b)) { }
        output.WriteLine($"2048^2 matmul: {3 * 2.0 * 2048 * 2048 * 2048 / sw.Elapsed.TotalSeconds / 1e9:F1} GFLOP/s");
        using var x = randn(864, 128); using var w = randn(384, 128);
        sw.Restart();
        for (int i = 0; i < 200; i++) using (var c = nn.functional.linear(x, w)) { }
        output.WriteLine($"864x128x384 linear: {200 * 2.0 * 864 * 128 * 384 / sw.Elapsed.TotalSeconds / 1e9:F1} GFLOP/s");

        var data = ArithmeticProblems.CreateDefault();
        var cfg = new GptConfig(4, 4, 128, 64, data.Tokenizer.VocabSize);
        using var model = new Gpt(cfg);
        using var opt = TrainingStep.CreateOptimizer(model, 1e-3);
        var loss = new DistillationLoss([new ObjectiveTerm()]);
        var sampler = new BatchSampler<ArithmeticProblem>(data.Train, 32, 1);
        double fwd = 0, bwd = 0, step = 0; int n = 20;
        for (int i = 0; i < n + 3; i++)
        {
            using var scope = NewDisposeScope();
            var batch = Batch.Collate(sampler.Next(), 0);
            var t0 = Stopwatch.GetTimestamp();
            var logits = model.call(batch.InputIds);
            var l = loss.Compute(logits, null, batch.Labels);
            var t1 = Stopwatch.GetTimestamp();
            opt.zero_grad(); l.Total.backward();
            var t2 = Stopwatch.GetTimestamp();
            nn.utils.clip_grad_norm_(model.parameters(), 1.0); opt.step();
            var t3 = Stopwatch.GetTimestamp();
            if (i >= 3) { fwd += Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds; bwd += Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds; step += Stopwatch.GetElapsedTime(t2, t3).TotalMilliseconds; }
        }
        output.WriteLine($"teacher step: fwd {fwd / n:F1} ms, bwd {bwd / n:F1} ms, clip+adamw {step / n:F1} ms");
    }
}
