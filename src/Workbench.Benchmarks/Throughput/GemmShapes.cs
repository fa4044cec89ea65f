using System.Globalization;
using System.Text;
using static TorchSharp.torch;

namespace Workbench.Benchmarks.Throughput;

/// <summary>
/// <c>gemm [--threads 1] [--reps 20]</c>: fp32 GFLOP/s of the Llama pair's step matmuls, each as the model runs it
/// (<c>linear(x, W)</c>, x of B·T rows, W stored out × in). <c>pytorch_gemm_shapes.py</c> runs the same shapes in the
/// PyTorch twin's torch, so the two matmul backends (libtorch's bundled one, the twin's OpenBLAS) are compared on the
/// work that dominates the step rather than on one square matmul.
/// </summary>
public static class GemmShapes
{
    /// <summary>(name, rows, in, out): every distinct linear of the teacher and student forward at B 8 × T 128.</summary>
    public static IReadOnlyList<(string Name, int M, int K, int N)> Shapes { get; } =
    [
        ("teacher q/o 512→512", 1024, 512, 512),
        ("teacher k/v 512→256", 1024, 512, 256),
        ("teacher gate/up 512→1536", 1024, 512, 1536),
        ("teacher down 1536→512", 1024, 1536, 512),
        ("head 512→8192", 1024, 512, 8192),
        ("student gate/up 256→1024", 1024, 256, 1024),
        ("student down 1024→256", 1024, 1024, 256),
        ("student head 256→8192", 1024, 256, 8192),
    ];

    public static int Run(IReadOnlyList<string> args)
    {
        var threads = Option(args, "--threads", 1);
        var reps = Option(args, "--reps", 20);
        set_num_threads(threads);
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"| shape (Workbench, {threads} thread(s)) | M×K×N | GFLOP/s (median of {reps}) | GFLOP/s (best) |");
        md.AppendLine("|---|---|---|---|");
        double flops = 0, seconds = 0;
        foreach (var (name, m, k, n) in Shapes)
        {
            using var generator = new Generator(7);
            using var x = randn([m, k], generator: generator);
            using var w = randn([n, k], generator: generator);
            void Linear() => nn.functional.linear(x, w);
            var median = RepetitionTimer.MedianSeconds(Linear, 3, reps);
            var best = RepetitionTimer.FastestSeconds(Linear, 0, reps);
            var f = 2.0 * m * k * n;
            (flops, seconds) = (flops + f, seconds + median);
            md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {m}×{k}×{n} | {f / median / 1e9:0.0} | {f / best / 1e9:0.0} |");
        }
        md.AppendLine(CultureInfo.InvariantCulture, $"| all shapes, one each | | {flops / seconds / 1e9:0.0} | |");
        Console.WriteLine(md);
        return 0;
    }

    private static int Option(IReadOnlyList<string> args, string name, int fallback)
    {
        var i = args.ToList().IndexOf(name);
        return i >= 0 && i + 1 < args.Count ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
